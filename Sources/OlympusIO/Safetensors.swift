import Foundation
import OlympusCore

/// The safetensors format: an 8-byte little-endian header length, a UTF-8 JSON object naming each
/// tensor's dtype, shape and byte range, then the data of all tensors back to back.
enum Safetensors {
  /// Headers longer than this are refused (the limit of the reference implementation).
  static let maximumHeaderLength = 100_000_000

  /// The tensors and metadata of a file, every header field checked against the bytes present.
  static func read(_ file: ByteSlice, _ context: FileContext) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    try refusePickle(file, context)
    guard file.count >= 8 else { throw context.error("truncated: \(file.count) bytes end inside the 8-byte header length") }
    let declared = file.littleEndian(UInt64.self, at: 0)
    guard declared <= UInt64(file.count - 8) else {
      throw context.error("header length \(declared) runs past the end of the file (\(file.count) bytes)")
    }
    let headerLength = Int(declared)
    guard headerLength <= maximumHeaderLength else {
      throw context.error("header length \(headerLength) exceeds the limit of \(maximumHeaderLength) bytes")
    }
    let headerBytes = file.bytes(8..<(8 + headerLength))
    guard headerBytes.first == UInt8(ascii: "{") else { throw context.error("header does not start with '{'") }
    guard String(validating: headerBytes, as: UTF8.self) != nil else { throw context.error("header is not valid UTF-8") }
    let json: JSONValue
    do {
      json = try JSONParser.parse(headerBytes)
    } catch {
      throw context.error("header is not valid JSON at byte \(error.offset): \(error.problem)")
    }
    guard case .object(let members) = json else { throw context.error("header is not a JSON object") }
    let dataStart = 8 + headerLength
    let dataLength = file.count - dataStart
    var metadata: [String: String] = [:]
    var entries: [(name: String, element: StoredElement, shape: [Int], range: Range<Int>)] = []
    for (name, value) in members {
      if name == "__metadata__" {
        metadata = try parseMetadata(value, context)
        continue
      }
      entries.append(try parseEntry(name, value, context))
    }
    // The ranges, in order, must tile the data exactly: no gap, no overlap, nothing after the last.
    var expected = 0
    for entry in entries.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }) {
      guard entry.range.lowerBound == expected else {
        throw context.error(
          entry.range.lowerBound < expected
            ? "tensor '\(entry.name)' at bytes \(entry.range) overlaps the tensor before it (which ends at \(expected))"
            : "bytes \(expected)..<\(entry.range.lowerBound) before tensor '\(entry.name)' belong to no tensor")
      }
      expected = entry.range.upperBound
    }
    guard expected <= dataLength else {
      throw context.error("truncated: the tensors need \(expected) bytes of data, the file has \(dataLength)")
    }
    guard expected == dataLength else {
      throw context.error("\(dataLength - expected) trailing bytes after the last tensor's data")
    }
    var tensors: [String: Tensor] = [:]
    for entry in entries {
      let data = file.slice((dataStart + entry.range.lowerBound)..<(dataStart + entry.range.upperBound))
      tensors[entry.name] = try entry.element.tensor(from: data, shape: entry.shape, context.member("'\(entry.name)'"))
    }
    return (tensors, metadata)
  }

  private static func parseMetadata(_ value: JSONValue, _ context: FileContext) throws -> [String: String] {
    guard case .object(let members) = value else { throw context.error("__metadata__ is \(value.kind), not an object") }
    var metadata: [String: String] = [:]
    for (key, item) in members {
      guard case .string(let text) = item else {
        throw context.error("__metadata__ value of '\(key)' is \(item.kind), not a string")
      }
      metadata[key] = text
    }
    return metadata
  }

  private static func parseEntry(
    _ name: String, _ value: JSONValue, _ context: FileContext
  ) throws -> (name: String, element: StoredElement, shape: [Int], range: Range<Int>) {
    func fail(_ problem: String) -> OlympusError { context.error("tensor '\(name)': \(problem)") }
    guard case .object(let fields) = value else { throw fail("entry is \(value.kind), not an object") }
    let keys = Set(fields.map(\.key))
    guard keys == ["dtype", "shape", "data_offsets"] else {
      throw fail("entry has keys \(fields.map(\.key)), expected dtype, shape and data_offsets")
    }
    let field = Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value) })
    guard case .string(let dtypeName)? = field["dtype"] else { throw fail("dtype is not a string") }
    guard let element = storedElement(dtypeName) else { throw fail("unknown or unsupported dtype '\(dtypeName)'") }
    guard case .array(let extents)? = field["shape"] else { throw fail("shape is not an array") }
    let shape = try extents.map { extent -> Int in
      guard let size = extent.integer else { throw fail("shape entry \(extent.kind) is not an integer within Int") }
      guard size >= 0 else { throw fail("shape has a negative dimension \(size)") }
      return size
    }
    guard case .array(let offsets)? = field["data_offsets"], offsets.count == 2 else {
      throw fail("data_offsets is not an array of two integers")
    }
    let bounds = try offsets.map { offset -> Int in
      guard let value = offset.integer else { throw fail("data offset \(offset.kind) is not an integer within Int") }
      guard value >= 0 else { throw fail("data offset \(value) is negative") }
      return value
    }
    guard bounds[0] <= bounds[1] else { throw fail("data_offsets [\(bounds[0]), \(bounds[1])] end before they begin") }
    let (_, byteCount) = try checkedSizes(shape, width: element.width, context.member("'\(name)'"))
    guard bounds[1] - bounds[0] == byteCount else {
      throw fail("shape \(shape) of \(dtypeName) needs \(byteCount) bytes, data_offsets [\(bounds[0]), \(bounds[1])] hold \(bounds[1] - bounds[0])")
    }
    return (name, element, shape, bounds[0]..<bounds[1])
  }

  /// The format of safetensors dtype `name`, for those Olympus reads.
  static func storedElement(_ name: String) -> StoredElement? {
    switch name {
    case "F64": StoredElement(.float, 8)
    case "F32": StoredElement(.float, 4)
    case "F16": StoredElement(.float, 2)
    case "BF16": StoredElement(.bfloat, 2)
    case "I64": StoredElement(.signed, 8)
    case "I32": StoredElement(.signed, 4)
    case "I16": StoredElement(.signed, 2)
    case "I8": StoredElement(.signed, 1)
    case "U32": StoredElement(.unsigned, 4)
    case "U16": StoredElement(.unsigned, 2)
    case "U8": StoredElement(.unsigned, 1)
    case "BOOL": StoredElement(.bool, 1)
    default: nil
    }
  }

  /// The safetensors name of a format Olympus writes.
  static func dtypeName(_ element: StoredElement) -> String {
    switch (element.kind, element.width) {
    case (.float, 8): "F64"
    case (.float, 2): "F16"
    case (.bfloat, _): "BF16"
    case (.signed, 8): "I64"
    case (.signed, 4): "I32"
    case (.bool, _): "BOOL"
    default: "F32"
    }
  }

  /// Writes `tensors` in name order after a header padded with spaces to a multiple of 8 bytes.
  static func write(
    _ tensors: [String: Tensor], metadata: [String: String], as half: HalfFloat?, to sink: inout some ByteSink,
    _ context: FileContext
  ) throws {
    let names = tensors.keys.sorted()
    guard !names.contains("__metadata__") else { throw context.error("'__metadata__' cannot name a tensor") }
    var fields: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(jsonQuoted($0)):\(jsonQuoted(metadata[$0]!))" }
      fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    for name in names {
      let tensor = tensors[name]!
      let element = try tensor.storedElement(as: tensor.dtype.isFloatingPoint ? half : nil, context)
      let size = tensor.elementCount * element.width
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      fields.append(
        "\(jsonQuoted(name)):{\"dtype\":\"\(dtypeName(element))\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
      offset += size
    }
    var header = Array("{\(fields.joined(separator: ","))}".utf8)
    header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
    try sink.write(withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init) + header)
    for name in names {
      let tensor = tensors[name]!
      try tensor.withStoredBytes(as: tensor.dtype.isFloatingPoint ? half : nil) { try sink.write($0) }
    }
  }
}

/// Reads a safetensors file: its tensors by name and its `__metadata__`.
///
/// The file is memory-mapped and only its header is read: each tensor whose bytes are already
/// Olympus's (little-endian, aligned, every dtype but F16/BF16 and the small integers) is a view
/// of the mapping, so a large file opens at once and pages are read when used; `F16` and `BF16`
/// widen to `float32`, `I8`, `I16`, `U8`, `U16` to `int32` and `U32` to `int64`. The header is
/// checked as the format requires before any data is touched — JSON object, known dtypes, shapes
/// whose byte counts fit, offsets that tile the data exactly with no overlap, gap or trailing
/// byte, `__metadata__` mapping strings to strings — and anything else throws an ``OlympusError``
/// naming the file and the problem. Duplicate keys are refused.
///
/// ```swift
/// let (tensors, metadata) = try loadSafetensors(from: URL(filePath: "model.safetensors"))
/// ```
public func loadSafetensors(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
  let context = FileContext(operation: "loadSafetensors(from:)", name: url.path)
  return try Safetensors.read(ByteSlice(ByteBuffer.mapping(url, context)), context)
}

/// Reads safetensors bytes held in memory; see ``loadSafetensors(from:)``. The bytes are copied once.
public func loadSafetensors(data: Data) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
  try Safetensors.read(ByteSlice(ByteBuffer.copying(data)), FileContext(operation: "loadSafetensors(data:)", name: "<memory>"))
}

/// Writes `tensors` and `metadata` as a safetensors file that the `safetensors` package and
/// `safetensors.torch.load_file` read.
///
/// - Parameter half: store every float tensor as `float16` or `bfloat16` (rounded to nearest
///   even); `nil` keeps each tensor's own dtype.
public func writeSafetensors(
  _ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL, storingFloatsAs half: HalfFloat? = nil
) throws {
  let context = FileContext(operation: "writeSafetensors(_:metadata:to:)", name: url.path)
  try FileSink.writing(url, context) { sink in
    try Safetensors.write(tensors, metadata: metadata, as: half, to: &sink, context)
  }
}
