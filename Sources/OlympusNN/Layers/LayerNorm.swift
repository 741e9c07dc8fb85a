import OlympusCore

/// Layer normalization (PyTorch's `nn.LayerNorm`): each slice over the trailing
/// `normalizedShape` axes is shifted to mean 0 and scaled to variance 1 (the biased variance, as
/// PyTorch), then scaled by `weight` and shifted by `bias` elementwise.
public struct LayerNorm: Module {
  /// The trailing shape normalized over.
  public var normalizedShape: [Int]
  /// `normalizedShape`, or `nil` without an elementwise affine transformation.
  public var weight: Tensor?
  /// `normalizedShape`, or `nil` without an elementwise affine transformation.
  public var bias: Tensor?
  /// Added to the variance before the square root.
  public var epsilon: Double

  /// A layer normalizing over the trailing `normalizedShape`, with weight ones and bias zeros when
  /// `elementwiseAffine` (PyTorch's defaults).
  public init(normalizedShape: [Int], epsilon: Double = 1e-5, elementwiseAffine: Bool = true, dtype: DType = .float32) {
    self.normalizedShape = normalizedShape
    self.epsilon = epsilon
    weight = elementwiseAffine ? Tensor.ones(normalizedShape, dtype: dtype) : nil
    bias = elementwiseAffine ? Tensor.zeros(normalizedShape, dtype: dtype) : nil
  }

  /// `x` normalized over its trailing axes, which must equal `normalizedShape`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    guard input.rank >= normalizedShape.count, Array(input.shape.suffix(normalizedShape.count)) == normalizedShape else {
      return misuse("LayerNorm", "expects trailing axes \(normalizedShape), got \(input.type)")
    }
    // One fused normalization over the trailing axes flattened into one.
    let leading = Array(input.shape.dropLast(normalizedShape.count))
    let size = normalizedShape.reduce(1, *)
    let output = layerNorm(
      input.reshaped(to: leading + [size]), weight: weight?.reshaped(to: [size]), bias: bias?.reshaped(to: [size]),
      epsilon: epsilon)
    return output.reshaped(to: input.shape)
  }
}
