import OlympusCore

/// How a file stores one element: the kind of number, its width and byte order.
///
/// Reading maps each to an Olympus dtype without losing values: `float16` and `bfloat16` widen to
/// `float32`, 8- and 16-bit integers to `int32`, `uint32` to `int64`.
struct StoredElement: Hashable, Sendable, CustomStringConvertible {
  enum Kind: Hashable, Sendable {
    case float, bfloat, signed, unsigned, bool
  }

  let kind: Kind
  /// Bytes per element.
  let width: Int
  let isBigEndian: Bool

  init(_ kind: Kind, _ width: Int, bigEndian: Bool = false) {
    self.kind = kind
    self.width = width
    isBigEndian = bigEndian && width > 1
  }

  /// How Olympus stores `dtype` (little-endian).
  init(_ dtype: DType) {
    switch dtype {
    case .float32: self.init(.float, 4)
    case .float64: self.init(.float, 8)
    case .int32: self.init(.signed, 4)
    case .int64: self.init(.signed, 8)
    case .bool: self.init(.bool, 1)
    }
  }

  /// How `format` stores a float.
  init(_ format: HalfFloat) {
    self.init(format == .float16 ? .float : .bfloat, 2)
  }

  /// The dtype the elements read as, or `nil` when Olympus has none that holds them all.
  var dtype: DType? {
    switch (kind, width) {
    case (.float, 2), (.bfloat, 2), (.float, 4): .float32
    case (.float, 8): .float64
    case (.signed, 1), (.signed, 2), (.signed, 4), (.unsigned, 1), (.unsigned, 2): .int32
    case (.signed, 8), (.unsigned, 4): .int64
    case (.bool, 1): .bool
    default: nil
    }
  }

  /// The NumPy name (`float16`, `uint8` …), with the byte order when it is big-endian.
  var description: String {
    let name: String
    switch kind {
    case .float: name = "float\(width * 8)"
    case .bfloat: name = "bfloat16"
    case .signed: name = "int\(width * 8)"
    case .unsigned: name = "uint\(width * 8)"
    case .bool: name = "bool"
    }
    return isBigEndian ? "big-endian \(name)" : name
  }

  /// Whether the bytes are already Olympus's layout for `dtype`.
  var isNative: Bool { dtype.map { StoredElement($0) == self } ?? false }
}

extension StoredElement {
  /// A tensor of `shape` from `data`, which holds exactly its elements in row-major order: a view
  /// of `data` when its bytes are Olympus's own and aligned, otherwise a converted copy.
  func tensor(from data: ByteSlice, shape: [Int], _ context: FileContext) throws -> Tensor {
    guard let dtype else { throw context.error("\(self) has no Olympus dtype that holds all its values") }
    let count = data.count / width
    if kind == .bool {
      let bytes = data.bytes(0..<count)
      if let index = bytes.firstIndex(where: { $0 > 1 }) {
        throw context.error("bool element \(index) is \(bytes[index]), neither 0 nor 1")
      }
    }
    if isNative, Int(bitPattern: data.address(0)) % width == 0 {
      return Tensor(unsafeElementsAt: data.mutableAddress(0), shape: shape, dtype: dtype, owner: data.owner)
    }
    let output = ByteBuffer.allocate(count * dtype.byteCount)
    convert(data.address(0), count: count, to: output.mutableBase)
    return Tensor(unsafeElementsAt: output.mutableBase, shape: shape, dtype: dtype, owner: output)
  }

  /// Writes `count` elements at `source` (any alignment) as this format's dtype at `target`.
  private func convert(_ source: UnsafeRawPointer, count: Int, to target: UnsafeMutableRawPointer) {
    func bits<T: FixedWidthInteger>(_ type: T.Type, _ index: Int) -> T {
      let raw = source.loadUnaligned(fromByteOffset: index * width, as: T.self)
      return isBigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
    }
    func fill<Output>(_ type: Output.Type, _ value: (Int) -> Output) {
      let typed = target.bindMemory(to: Output.self, capacity: count)
      for index in 0..<count { typed[index] = value(index) }
    }
    switch (kind, width) {
    case (.float, 2): fill(Float.self) { floatFromFloat16(bits(UInt16.self, $0)) }
    case (.bfloat, 2): fill(Float.self) { HalfFloat.bfloat16.value(bits(UInt16.self, $0)) }
    case (.float, 4): fill(Float.self) { Float(bitPattern: bits(UInt32.self, $0)) }
    case (.float, 8): fill(Double.self) { Double(bitPattern: bits(UInt64.self, $0)) }
    case (.signed, 1): fill(Int32.self) { Int32(Int8(bitPattern: bits(UInt8.self, $0))) }
    case (.signed, 2): fill(Int32.self) { Int32(Int16(bitPattern: bits(UInt16.self, $0))) }
    case (.signed, 4): fill(Int32.self) { Int32(bitPattern: bits(UInt32.self, $0)) }
    case (.signed, 8): fill(Int64.self) { Int64(bitPattern: bits(UInt64.self, $0)) }
    case (.unsigned, 1): fill(Int32.self) { Int32(bits(UInt8.self, $0)) }
    case (.unsigned, 2): fill(Int32.self) { Int32(bits(UInt16.self, $0)) }
    case (.unsigned, 4): fill(Int64.self) { Int64(bits(UInt32.self, $0)) }
    default: fill(UInt8.self) { bits(UInt8.self, $0) }  // bool, checked to be 0 or 1
    }
  }
}

/// The number of elements of `shape` and their size in bytes at `width` bytes each, or an error
/// when `shape` is not one a tensor can have (`isValidShape`: a negative dimension, or dimensions
/// that multiply beyond an Int, which an empty shape's strides would) or the bytes overflow.
func checkedSizes(_ shape: [Int], width: Int, _ context: FileContext) throws -> (count: Int, bytes: Int) {
  guard shape.allSatisfy({ $0 >= 0 }) else { throw context.error("shape \(shape) has a negative dimension") }
  guard isValidShape(shape) else {
    throw context.error(
      shape.contains(0)
        ? "shape \(shape) has strides larger than an Int can hold" : "shape \(shape) has more elements than an Int can count")
  }
  let count = shape.reduce(1, *)
  let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
  guard !overflow else { throw context.error("shape \(shape) needs more bytes than an Int can count") }
  return (count, bytes)
}

extension Tensor {
  /// How a file stores this tensor's elements: as Olympus does, or as `half` for a float tensor.
  func storedElement(as half: HalfFloat?, _ context: FileContext) throws -> StoredElement {
    guard isConcrete else { throw context.error("cannot save a traced tensor \(type) inside a transformation") }
    guard let half else { return StoredElement(dtype) }
    guard dtype.isFloatingPoint else { throw context.error("cannot store a \(dtype) tensor as \(half)") }
    return StoredElement(half)
  }

  /// Runs `body` with the bytes a file stores for this concrete tensor, in row-major order:
  /// Olympus's own (no copy when contiguous), or each float rounded to `half` (from `float32`;
  /// `float64` goes through `float32`).
  func withStoredBytes<R>(as half: HalfFloat?, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    guard let half else { return try withUnsafeContiguousBytes(body) }
    let values = scalars(as: Float.self)
    let bits = values.map { half.bits($0).littleEndian }
    return try bits.withUnsafeBytes(body)
  }
}
