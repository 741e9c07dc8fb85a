import OlympusCore

/// Parameter initializers drawing from explicit random keys (the same key gives the same tensor).
///
/// Fans follow PyTorch's layout and convention: for a weight `[out, in, k…]` (``Linear``,
/// ``Conv2d``) `fanIn = in·∏k` and `fanOut = out·∏k`; a 1-d shape has `fanIn = fanOut = n`.
///
/// ```swift
/// let w = Initializer.heNormal(Random.key(0), shape: [64, 32])   // std √(2/32)
/// let layer = Linear(weight: w, bias: Initializer.zeros([64]))
/// ```
public enum Initializer {
  /// `(fanIn, fanOut)` of a weight of `shape`, as PyTorch computes them.
  public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
    switch shape.count {
    case 0: return (1, 1)
    case 1: return (shape[0], shape[0])
    default:
      let receptiveField = shape.dropFirst(2).reduce(1, *)
      return (shape[1] * receptiveField, shape[0] * receptiveField)
    }
  }

  /// Uniform on `[-bound, bound)`.
  public static func uniform(_ key: Tensor, shape: [Int], bound: Double, dtype: DType = .float32) -> Tensor {
    Random.uniform(key, shape: shape, minimum: -bound, maximum: bound, dtype: dtype)
  }

  /// Uniform on `[minimum, maximum)`.
  public static func uniform(
    _ key: Tensor, shape: [Int], minimum: Double = 0, maximum: Double = 1, dtype: DType = .float32
  ) -> Tensor {
    Random.uniform(key, shape: shape, minimum: minimum, maximum: maximum, dtype: dtype)
  }

  /// Normal with the given mean and standard deviation.
  public static func normal(
    _ key: Tensor, shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32
  ) -> Tensor {
    Random.normal(key, shape: shape, mean: mean, standardDeviation: standardDeviation, dtype: dtype)
  }

  /// Zeros.
  public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
    Tensor.zeros(shape, dtype: dtype)
  }

  /// Ones.
  public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor {
    Tensor.ones(shape, dtype: dtype)
  }

  /// Glorot (Xavier) uniform: bound `gain·√(6 / (fanIn + fanOut))` (PyTorch's `xavier_uniform_`).
  public static func glorotUniform(_ key: Tensor, shape: [Int], gain: Double = 1, dtype: DType = .float32) -> Tensor {
    let (fanIn, fanOut) = fans(of: shape)
    return uniform(key, shape: shape, bound: gain * (6 / Double(fanIn + fanOut)).squareRoot(), dtype: dtype)
  }

  /// Glorot (Xavier) normal: standard deviation `gain·√(2 / (fanIn + fanOut))` (PyTorch's
  /// `xavier_normal_`, not truncated).
  public static func glorotNormal(_ key: Tensor, shape: [Int], gain: Double = 1, dtype: DType = .float32) -> Tensor {
    let (fanIn, fanOut) = fans(of: shape)
    return normal(key, shape: shape, standardDeviation: gain * (2 / Double(fanIn + fanOut)).squareRoot(), dtype: dtype)
  }

  /// He (Kaiming) uniform for ReLU networks: bound `√(6 / fanIn)` (PyTorch's `kaiming_uniform_`
  /// with its defaults `a = 0`, `mode = "fan_in"`).
  public static func heUniform(_ key: Tensor, shape: [Int], dtype: DType = .float32) -> Tensor {
    uniform(key, shape: shape, bound: (6 / Double(fans(of: shape).fanIn)).squareRoot(), dtype: dtype)
  }

  /// He (Kaiming) normal for ReLU networks: standard deviation `√(2 / fanIn)` (PyTorch's
  /// `kaiming_normal_` with its defaults, not truncated).
  public static func heNormal(_ key: Tensor, shape: [Int], dtype: DType = .float32) -> Tensor {
    normal(key, shape: shape, standardDeviation: (2 / Double(fans(of: shape).fanIn)).squareRoot(), dtype: dtype)
  }

  /// PyTorch's default for the weight and bias of `Linear` and `Conv*d`: uniform with bound
  /// `1/√fanIn` of the weight `[out, in, k…]` (`kaiming_uniform_(a=√5)` for the weight gives this
  /// bound too). Draws the weight from `split(key)[0]` and the bias, of shape `[out]`, from
  /// `split(key)[1]`.
  public static func pytorchDefault(
    _ key: Tensor, weightShape: [Int], bias: Bool, dtype: DType = .float32
  ) -> (weight: Tensor, bias: Tensor?) {
    let keys = Random.split(key, count: 2)
    let bound = 1 / Double(fans(of: weightShape).fanIn).squareRoot()
    let weight = uniform(keys[0], shape: weightShape, bound: bound, dtype: dtype)
    return (weight, bias ? uniform(keys[1], shape: [weightShape[0]], bound: bound, dtype: dtype) : nil)
  }
}
