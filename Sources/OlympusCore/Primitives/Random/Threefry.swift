import OlympusKernels

/// The Threefry-2x32 block cipher (20 rounds) keyed by a random key, applied to counter pairs:
/// `int32[2]` key and `int32[n, 2]` counters give `int32[n, 2]`. Splitting and folding keys are
/// built on it.
public struct Threefry: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `threefry2x32`.
  public var description: String { "threefry2x32" }

  /// The counters' type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    try validateKey(inputs[0], in: self)
    let counters = inputs[1]
    guard counters.dtype == .int32, counters.rank == 2, counters.shape[1] == 2 else {
      throw OlympusError(description, "expects counters int32[n,2], got \(counters)")
    }
    return [counters]
  }

  /// Hashes each counter pair.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let key = keyWords(inputs[0])
    let counters = inputs[1].scalars(as: Int32.self)
    return [
      Tensor.make(inputs[1].type) { output in
        let words = output.assumingMemoryBound(to: Int32.self)
        for pair in 0..<counters.count / 2 {
          let hashed = RandomBits.threefry2x32(
            key: key,
            counter: (UInt32(bitPattern: counters[2 * pair]), UInt32(bitPattern: counters[2 * pair + 1])))
          words[2 * pair] = Int32(bitPattern: hashed.0)
          words[2 * pair + 1] = Int32(bitPattern: hashed.1)
        }
      }
    ]
  }

  /// None: keys are not differentiable.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] { [nil] }

  /// None: keys are not differentiable.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] { primals.map { _ in nil } }
}
