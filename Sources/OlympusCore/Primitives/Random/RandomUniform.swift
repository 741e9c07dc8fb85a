import OlympusKernels

/// Uniform numbers in `[0, 1)` from the streams of random keys: keys `int32[K…, 2]` give
/// `K… + shape` numbers, one block of `shape` per key.
///
/// Element `i` of a block comes from the Threefry-2x32 stream of its key (see `RandomBits.fill`):
/// `float32` takes the top 24 bits of one word, `float64` the top 53 bits of two words, so every
/// value is a multiple of 2⁻²⁴ or 2⁻⁵³. The numbers depend only on the key and the element's
/// position, never on the thread count, and a batch of keys gives each key's own numbers.
public struct RandomUniform: SingleOutputPrimitive {
  /// The shape drawn for each key.
  public var shape: [Int]
  /// `float32` or `float64`.
  public var dtype: DType

  /// Creates the primitive producing `shape` numbers of `dtype` per key.
  public init(shape: [Int], dtype: DType) {
    self.shape = shape
    self.dtype = dtype
  }

  /// `random_uniform[float32[2,3]]`.
  public var description: String { "random_uniform[\(TensorType(shape: shape, dtype: dtype))]" }

  /// `K… + shape` of `dtype`, for keys `int32[K…, 2]`.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try validateKeys(inputs[0], in: self)
    guard dtype.isFloatingPoint, isValidShape(shape) else {
      throw OlympusError(description, "needs a floating-point type and a valid shape")
    }
    return [TensorType(shape: inputs[0].shape.dropLast() + shape, dtype: dtype)]
  }

  /// Fills each key's stream and scales it.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let keys = keyWords(inputs[0])
    let type = TensorType(shape: inputs[0].shape.dropLast() + shape, dtype: dtype)
    let count = shape.reduce(1, *)
    let wordCount = dtype == .float32 ? count : 2 * count
    return [
      Tensor.make(type) { output in
        var words = [UInt32](repeating: 0, count: wordCount)
        for (block, key) in keys.enumerated() {
          words.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { RandomBits.fill(key: key, count: wordCount, output: base) }
          }
          if dtype == .float32 {
            let values = output.assumingMemoryBound(to: Float.self) + block * count
            for i in 0..<count { values[i] = Float(words[i] >> 8) * 0x1p-24 }
          } else {
            let values = output.assumingMemoryBound(to: Double.self) + block * count
            for i in 0..<count {
              let bits = (UInt64(words[2 * i]) << 21) ^ UInt64(words[2 * i + 1] >> 11)
              values[i] = Double(bits) * 0x1p-53
            }
          }
        }
      }
    ]
  }

  /// None: random numbers do not depend differentiably on the key.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] { [nil] }

  /// None: random numbers do not depend differentiably on the key.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] { [nil] }

  /// A batch of keys with the batch axis first: each key draws its own block.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    ([bind(self, movingAxis(inputs[0], from: axes[0]!, to: 0))], [0])
  }
}

/// Checks that `keys` are random keys: `int32[K…, 2]`.
func validateKeys(_ keys: TensorType, in primitive: some Primitive) throws(OlympusError) {
  guard keys.dtype == .int32, keys.shape.last == 2 else {
    throw OlympusError(primitive.description, "expects random keys int32[…, 2], got \(keys)")
  }
}

/// The word pairs of concrete keys, in row-major order.
func keyWords(_ keys: Tensor) -> [(UInt32, UInt32)] {
  let words = keys.scalars(as: Int32.self)
  return stride(from: 0, to: words.count, by: 2).map {
    (UInt32(bitPattern: words[$0]), UInt32(bitPattern: words[$0 + 1]))
  }
}
