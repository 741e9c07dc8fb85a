import Foundation
import OlympusCore

/// NumPy's `.npy` format (versions 1.0, 2.0 and 3.0): a magic string, a header describing the
/// dtype, order and shape, and the elements.
enum NPY {
  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// The tensor an NPY file holds, checking every header field against the bytes present before
  /// touching the data.
  static func read(_ file: ByteSlice, _ context: FileContext) throws -> Tensor {
    guard file.hasPrefix(magic) else {
      try refusePickle(file, context)
      throw context.error("not an NPY file (it does not start with \\x93NUMPY)")
    }
    guard file.count >= 10 else { throw context.error("truncated: \(file.count) bytes end inside the NPY preamble") }
    let version = (file[6], file[7])
    let preamble: Int
    let headerLength: Int
    switch version {
    case (1, 0):
      preamble = 10
      headerLength = Int(file.littleEndian(UInt16.self, at: 8))
    case (2, 0), (3, 0):
      guard file.count >= 12 else { throw context.error("truncated: \(file.count) bytes end inside the NPY preamble") }
      preamble = 12
      headerLength = Int(file.littleEndian(UInt32.self, at: 8))
    default:
      throw context.error("unsupported NPY format version \(version.0).\(version.1)")
    }
    guard headerLength <= file.count - preamble else {
      throw context.error("header length \(headerLength) runs past the end of the file (\(file.count) bytes)")
    }
    guard headerLength <= NPYHeader.maximumLength else {
      throw context.error("header length \(headerLength) exceeds the limit of \(NPYHeader.maximumLength) bytes")
    }
    let header = try NPYHeaderParser.parse(Array(file.bytes(preamble..<(preamble + headerLength))), context)
    let dataStart = preamble + headerLength
    let (_, byteCount) = try checkedSizes(header.shape, width: header.element.width, context)
    let present = file.count - dataStart
    guard present >= byteCount else {
      throw context.error("truncated: shape \(header.shape) of \(header.element) needs \(byteCount) bytes of data, the file has \(present)")
    }
    guard present == byteCount else {
      throw context.error("\(present - byteCount) trailing bytes after the data of shape \(header.shape)")
    }
    let data = file.slice(dataStart..<(dataStart + byteCount))
    guard header.isFortranOrder else { return try header.element.tensor(from: data, shape: header.shape, context) }
    // Column-major data is the row-major data of the reversed shape, transposed.
    let reversed = try header.element.tensor(from: data, shape: header.shape.reversed(), context)
    return reversed.transposed()
  }

  /// Writes `tensor` as a version 1.0 file (2.0 when the header needs more than 65 535 bytes).
  static func write(_ tensor: Tensor, as half: HalfFloat?, to sink: inout some ByteSink, _ context: FileContext) throws {
    let element = try tensor.storedElement(as: half, context)
    let header = NPYHeader(element: element, isFortranOrder: false, shape: tensor.shape)
    var text: [UInt8]
    do {
      text = try header.text(preambleLength: 10)
      if text.count > Int(UInt16.max) { text = try header.text(preambleLength: 12) }
    } catch {
      throw context.error("NPY has no \(element) dtype; write float32 or float16")
    }
    var preamble = magic
    if text.count <= Int(UInt16.max) {
      preamble += [1, 0] + withUnsafeBytes(of: UInt16(text.count).littleEndian, Array.init)
    } else {
      preamble += [2, 0] + withUnsafeBytes(of: UInt32(text.count).littleEndian, Array.init)
    }
    try sink.write(preamble + text)
    try tensor.withStoredBytes(as: half) { try sink.write($0) }
  }
}

extension Tensor {
  /// Reads a NumPy `.npy` file (format 1.0, 2.0 or 3.0).
  ///
  /// Every dtype Olympus has is read, in either byte order and in C or Fortran order; `float16`
  /// widens to `float32`, 8- and 16-bit integers to `int32` and `uint32` to `int64`. The file is
  /// memory-mapped: when its elements are already Olympus's (little-endian, aligned, C order) the
  /// tensor is a view of the mapping and nothing is copied. A malformed or hostile file throws an
  /// ``OlympusError`` naming the file and the problem; object arrays (pickles) are refused.
  ///
  /// ```swift
  /// let x = try Tensor(npyAt: URL(filePath: "x.npy"))   // np.save("x.npy", x)
  /// ```
  public init(npyAt url: URL) throws {
    let context = FileContext(operation: "Tensor(npyAt:)", name: url.path)
    self = try NPY.read(ByteSlice(ByteBuffer.mapping(url, context)), context)
  }

  /// Reads the bytes of an `.npy` file held in memory (a download, an archive member); see
  /// ``init(npyAt:)``. The bytes are copied once.
  public init(npyData data: Data) throws {
    self = try NPY.read(ByteSlice(ByteBuffer.copying(data)), FileContext(operation: "Tensor(npyData:)", name: "<memory>"))
  }

  /// Writes this tensor as a NumPy `.npy` file that `np.load` reads, in C order (a strided tensor
  /// is written in its logical order).
  ///
  /// - Parameter half: store a float tensor as `float16` (rounded to nearest even; NPY has no
  ///   bfloat16). `nil` keeps the tensor's own dtype.
  public func writeNPY(to url: URL, as half: HalfFloat? = nil) throws {
    let context = FileContext(operation: "writeNPY(to:)", name: url.path)
    try FileSink.writing(url, context) { sink in try NPY.write(self, as: half, to: &sink, context) }
  }
}
