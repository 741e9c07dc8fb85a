/// Counter-based random numbers with splittable keys, as in JAX.
///
/// A key is an `int32[2]` tensor. The same key always gives the same numbers, whatever the thread
/// count; to draw independent numbers, derive new keys with ``split(_:count:)`` or
/// ``foldIn(_:_:)`` instead of reusing one.
///
/// ```swift
/// let key = Random.key(0)
/// let keys = Random.split(key, count: 2)
/// let x = Random.normal(keys[0], shape: [3, 4])
/// let mask = Random.bernoulli(keys[1], probability: 0.9, shape: [3, 4])
/// ```
public enum Random {
  /// The key for `seed`: its high and low 32 bits.
  public static func key(_ seed: Int) -> Tensor {
    let bits = UInt64(bitPattern: Int64(seed))
    return Tensor([Int32(truncatingIfNeeded: bits >> 32), Int32(truncatingIfNeeded: bits)])
  }

  /// Rejects anything but random keys (`int32[…, 2]`), naming `operation`.
  static func checkKey(_ key: Tensor, _ operation: String) -> Bool {
    guard key.dtype == .int32, key.shape.last == 2 else {
      _ = reject(OlympusError(operation, "expects a random key int32[2] (or a batch int32[…, 2]), got \(key.type)"))
      return false
    }
    return true
  }

  /// `count` new keys derived from `key`, as an `int32[count, 2]` tensor (`keys[i]` is one key).
  public static func split(_ key: Tensor, count: Int = 2) -> Tensor {
    guard checkKey(key, "Random.split") else { return .failed }
    guard count >= 0 else { return reject(OlympusError("Random.split", "count must not be negative, got \(count)")) }
    let counters = (0..<count).flatMap { [Int32(1), Int32(truncatingIfNeeded: $0)] }
    return bind(Threefry(), key, Tensor(counters, shape: [count, 2]))
  }

  /// A new key derived from `key` and the low 32 bits of `data` (JAX's `fold_in`), for example a
  /// step or layer number.
  public static func foldIn(_ key: Tensor, _ data: Int) -> Tensor {
    guard checkKey(key, "Random.foldIn") else { return .failed }
    return bind(Threefry(), key, Tensor([Int32(2), Int32(truncatingIfNeeded: data)], shape: [1, 2])).reshaped(to: key.shape)
  }

  /// Numbers uniformly distributed in `[minimum, maximum)`.
  public static func uniform(
    _ key: Tensor, shape: [Int], minimum: Double = 0, maximum: Double = 1, dtype: DType = .float32
  ) -> Tensor {
    guard checkKey(key, "Random.uniform") else { return .failed }
    guard dtype.isFloatingPoint else {
      return reject(OlympusError("Random.uniform", "needs a floating-point type, got \(dtype)"))
    }
    let unit = bind(RandomUniform(shape: shape, dtype: dtype), key)
    return minimum == 0 && maximum == 1 ? unit : unit * (maximum - minimum) + minimum
  }

  /// Normally distributed numbers (Box–Muller transform of uniform pairs).
  public static func normal(
    _ key: Tensor, shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32
  ) -> Tensor {
    guard checkKey(key, "Random.normal") else { return .failed }
    guard dtype.isFloatingPoint else {
      return reject(OlympusError("Random.normal", "needs a floating-point type, got \(dtype)"))
    }
    let pair = uniform(key, shape: [2] + shape, dtype: dtype)
    let radius = sqrt(-2 * log(1 - pair[0]))
    let standard = radius * cos(2 * Double.pi * pair[1])
    return mean == 0 && standardDeviation == 1 ? standard : standard * standardDeviation + mean
  }

  /// `true` with the given probability, independently per element.
  public static func bernoulli(_ key: Tensor, probability: Double, shape: [Int]) -> Tensor {
    uniform(key, shape: shape, dtype: .float64) .< probability
  }

  /// `true` with per-element probabilities; the shape is that of `probability`.
  public static func bernoulli(_ key: Tensor, probability: Tensor) -> Tensor {
    uniform(key, shape: probability.shape, dtype: .float64) .< probability
  }

  /// Integers uniformly distributed in `low ..< high`.
  public static func randint(_ key: Tensor, shape: [Int], low: Int, high: Int, dtype: DType = .int64) -> Tensor {
    guard dtype.isInteger, low < high else {
      return reject(OlympusError("Random.randint", "needs an integer type and low < high, got \(dtype), \(low) ..< \(high)"))
    }
    let span = Double(high) - Double(low)
    let offsets = floor(uniform(key, shape: shape, dtype: .float64) * span)
    return (clip(offsets, max: span - 1) + Double(low)).astype(dtype)
  }

  /// A random ordering of `0 ..< count`, as `int64`.
  public static func permutation(_ key: Tensor, count: Int) -> Tensor {
    guard count >= 0 else { return reject(OlympusError("Random.permutation", "count must not be negative, got \(count)")) }
    return bind(ArgSort(), uniform(key, shape: [count], dtype: .float64))
  }

  /// `x` with its slices along axis 0 shuffled.
  public static func permutation(_ key: Tensor, _ x: Tensor) -> Tensor {
    guard x.rank >= 1 else { return reject(OlympusError("Random.permutation", "needs at least one axis, got \(x.type)")) }
    return x.take(permutation(key, count: x.shape[0]))
  }
}
