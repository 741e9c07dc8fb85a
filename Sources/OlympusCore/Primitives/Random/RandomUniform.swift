import OlympusKernels

/// Uniform numbers in `[0, 1)` from the stream of a random key (`int32[2]`).
///
/// Element `i` comes from the Threefry-2x32 stream of the key (see `RandomBits.fill`): `float32`
/// takes the top 24 bits of one word, `float64` the top 53 bits of two words, so every value is a
/// multiple of 2⁻²⁴ or 2⁻⁵³. The numbers depend only on the key and the element's position, never
/// on the thread count.
public struct RandomUniform: SingleOutputPrimitive {
  /// The output shape.
  public var shape: [Int]
  /// `float32` or `float64`.
  public var dtype: DType

  /// Creates the primitive producing `shape` numbers of `dtype`.
  public init(shape: [Int], dtype: DType) {
    self.shape = shape
    self.dtype = dtype
  }

  /// `random_uniform[float32[2,3]]`.
  public var description: String { "random_uniform[\(TensorType(shape: shape, dtype: dtype))]" }

  /// `shape` of `dtype`, for a key.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try validateKey(inputs[0], in: self)
    guard dtype.isFloatingPoint, shape.allSatisfy({ $0 >= 0 }) else {
      throw OlympusError(description, "needs a floating-point type and a valid shape")
    }
    return [TensorType(shape: shape, dtype: dtype)]
  }

  /// Fills the stream and scales it.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let key = keyWords(inputs[0])
    let type = TensorType(shape: shape, dtype: dtype)
    let count = type.elementCount
    return [
      Tensor.make(type) { output in
        let wordCount = dtype == .float32 ? count : 2 * count
        var words = [UInt32](repeating: 0, count: wordCount)
        words.withUnsafeMutableBufferPointer { RandomBits.fill(key: key, count: wordCount, output: $0.baseAddress!) }
        if dtype == .float32 {
          let values = output.assumingMemoryBound(to: Float.self)
          for i in 0..<count { values[i] = Float(words[i] >> 8) * 0x1p-24 }
        } else {
          let values = output.assumingMemoryBound(to: Double.self)
          for i in 0..<count {
            let bits = (UInt64(words[2 * i]) << 21) ^ UInt64(words[2 * i + 1] >> 11)
            values[i] = Double(bits) * 0x1p-53
          }
        }
      }
    ]
  }

  /// None: random numbers do not depend differentiably on the key.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] { [nil] }

  /// None: random numbers do not depend differentiably on the key.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] { primals.map { _ in nil } }
}

/// Checks that `key` is a random key: `int32[2]`.
func validateKey(_ key: TensorType, in primitive: some Primitive) throws(OlympusError) {
  guard key.dtype == .int32, key.shape == [2] else {
    throw OlympusError(primitive.description, "expects a random key int32[2], got \(key)")
  }
}

/// The two words of a concrete key.
func keyWords(_ key: Tensor) -> (UInt32, UInt32) {
  let words = key.scalars(as: Int32.self)
  return (UInt32(bitPattern: words[0]), UInt32(bitPattern: words[1]))
}
