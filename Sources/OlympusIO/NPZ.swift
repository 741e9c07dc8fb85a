import Foundation
import OlympusCore

/// NumPy's `.npz` format: a zip archive of `.npy` members, one per array.
enum NPZ {
  static func read(_ file: ByteSlice, _ context: FileContext) throws -> [String: Tensor] {
    try refusePickle(file, context)
    let reader = ZipReader(file: file, context: context)
    let members = try reader.members()
    var tensors: [String: Tensor] = [:]
    for member in members {
      if member.name == "data.pkl" || member.name.hasSuffix("/data.pkl") { throw context.error(pickleAdvice) }
      guard member.name.hasSuffix(".npy") else { throw context.error("member '\(member.name)' is not an .npy array") }
      let key = String(member.name.dropLast(4))
      guard tensors[key] == nil else { throw context.error("two members are named '\(key)'") }
      tensors[key] = try NPY.read(reader.contents(member), context.member("'\(member.name)'"))
    }
    return tensors
  }

  static func write(_ tensors: [String: Tensor], compressed: Bool, to sink: some ByteSink, _ context: FileContext) throws {
    var writer = ZipWriter(sink, compressed: compressed, context)
    for name in tensors.keys.sorted() {
      var member = MemorySink()
      try NPY.write(tensors[name]!, as: nil, to: &member, context.member("'\(name).npy'"))
      try writer.add(name + ".npy", member.bytes)
    }
    try writer.finish()
  }
}

/// Reads a NumPy `.npz` archive (`np.savez` or `np.savez_compressed`): its arrays by name, without
/// the `.npy` suffix of the members, as `np.load` names them.
///
/// Stored and deflated members are read (deflate through the system's zlib, loaded at run time).
/// The archive is checked before any member is used: records that tile the file exactly (no
/// leading, trailing or overlapping bytes), no duplicate, absolute or `..` member names, each
/// member's CRC-32 and sizes — a member that inflates past its declared size is stopped there —
/// and each member as ``Tensor/init(npyAt:)`` checks a file.
///
/// ```swift
/// let arrays = try loadNPZ(from: URL(filePath: "data.npz"))   // np.savez("data.npz", x=x, y=y)
/// let x = arrays["x"]!
/// ```
public func loadNPZ(from url: URL) throws -> [String: Tensor] {
  let context = FileContext(operation: "loadNPZ(from:)", name: url.path)
  return try NPZ.read(ByteSlice(ByteBuffer.mapping(url, context)), context)
}

/// Reads the bytes of an `.npz` archive held in memory; see ``loadNPZ(from:)``. The bytes are copied once.
public func loadNPZ(data: Data) throws -> [String: Tensor] {
  try NPZ.read(ByteSlice(ByteBuffer.copying(data)), FileContext(operation: "loadNPZ(data:)", name: "<memory>"))
}

/// Writes `tensors` as a NumPy `.npz` archive, one `.npy` member per tensor, deflate-compressed
/// when `compressed` (as `np.savez_compressed`; needs the system's zlib) or stored.
public func writeNPZ(_ tensors: [String: Tensor], to url: URL, compressed: Bool = false) throws {
  let context = FileContext(operation: "writeNPZ(_:to:compressed:)", name: url.path)
  try FileSink.writing(url, context) { sink in try NPZ.write(tensors, compressed: compressed, to: sink, context) }
}
