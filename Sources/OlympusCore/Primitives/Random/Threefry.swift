import OlympusKernels

/// The Threefry-2x32 block cipher (20 rounds) applied to counter pairs under random keys: keys
/// `int32[K…, 2]` and counters `int32[n, 2]` (shared by every key) or `int32[K…, n, 2]` (one set
/// per key) give `int32[K…, n, 2]`. Splitting and folding keys are built on it.
public struct Threefry: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `threefry2x32`.
  public var description: String { "threefry2x32" }

  /// `K… + [n, 2]`.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (keys, counters) = (inputs[0], inputs[1])
    try validateKeys(keys, in: self)
    let keyDimensions = Array(keys.shape.dropLast())
    let counterDimensions = Array(counters.shape.dropLast(2))
    guard counters.dtype == .int32, counters.rank >= 2, counters.shape.last == 2,
      counterDimensions.isEmpty || counterDimensions == keyDimensions
    else {
      throw OlympusError(description, "expects counters int32[n,2] or int32[K…,n,2] for keys \(keys), got \(counters)")
    }
    return [TensorType(shape: keyDimensions + counters.shape.suffix(2), dtype: .int32)]
  }

  /// Hashes each counter pair under its key.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let keys = keyWords(inputs[0])
    let counters = inputs[1].scalars(as: Int32.self)
    let pairs = inputs[1].shape[inputs[1].rank - 2]
    let shared = inputs[1].rank == 2
    let type = TensorType(shape: inputs[0].shape.dropLast() + [pairs, 2], dtype: .int32)
    return [
      Tensor.make(type) { output in
        let words = output.assumingMemoryBound(to: Int32.self)
        for (block, key) in keys.enumerated() {
          for pair in 0..<pairs {
            let source = 2 * ((shared ? 0 : block * pairs) + pair)
            let hashed = RandomBits.threefry2x32(
              key: key, counter: (UInt32(bitPattern: counters[source]), UInt32(bitPattern: counters[source + 1])))
            let target = 2 * (block * pairs + pair)
            words[target] = Int32(bitPattern: hashed.0)
            words[target + 1] = Int32(bitPattern: hashed.1)
          }
        }
      }
    ]
  }

  /// None: keys are not differentiable.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] { [nil] }

  /// None: keys are not differentiable.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] { [nil, nil] }

  /// Batched keys with shared counters draw one set per key; batched counters pair with keys
  /// (repeated when shared).
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    guard let counterAxis = axes[1] else {
      return ([bind(self, movingAxis(inputs[0], from: axes[0]!, to: 0), inputs[1])], [0])
    }
    let size = batchSize(inputs, axes)
    let keys = batchFirst(inputs[0], axis: axes[0], size: size)
    var counters = movingAxis(inputs[1], from: counterAxis, to: 0)
    let paired = Array(keys.shape.dropLast()) + counters.shape.suffix(2)
    if counters.shape != paired {
      counters = bind(
        BroadcastInDim(shape: paired, dimensions: [0] + Array((paired.count - 2)..<paired.count)), counters)
    }
    return ([bind(self, keys, counters)], [0])
  }
}
