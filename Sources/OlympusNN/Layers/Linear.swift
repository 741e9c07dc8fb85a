import OlympusCore

/// A fully connected layer: `y = x·weightᵀ + bias` over the last axis of `x`.
///
/// The weight is `[outputFeatures, inputFeatures]`, PyTorch's layout, so a `state_dict` copies
/// over unchanged (JAX/Flax store `[in, out]`; transpose those).
///
/// ```swift
/// let layer = Linear(inputFeatures: 3, outputFeatures: 2, key: Random.key(0))
/// layer(Tensor.ones([5, 3]))   // [5, 2]
/// ```
public struct Linear: Module {
  /// `[outputFeatures, inputFeatures]`.
  public var weight: Tensor
  /// `[outputFeatures]`, or `nil` for a layer without bias.
  public var bias: Tensor?

  /// A layer with the given parameters.
  public init(weight: Tensor, bias: Tensor? = nil) {
    if !(weight.rank == 2 && (bias.map({ $0.shape == [weight.shape[0]] }) ?? true)) {
      misuse("Linear(weight:bias:)", "needs a weight [out, in] and a bias [out], got \(weight.type) and \(bias?.type.description ?? "none")")
    }
    self.weight = weight
    self.bias = bias
  }

  /// A layer initialized as PyTorch's `nn.Linear` does: weight and bias uniform with bound
  /// `1/√inputFeatures` (see ``Initializer/pytorchDefault(_:weightShape:bias:dtype:)``).
  public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, key: Tensor, dtype: DType = .float32) {
    let parameters = Initializer.pytorchDefault(
      key, weightShape: [outputFeatures, inputFeatures], bias: bias, dtype: dtype)
    self.init(weight: parameters.weight, bias: parameters.bias)
  }

  /// The number of input features.
  public var inputFeatures: Int { weight.shape[1] }
  /// The number of output features.
  public var outputFeatures: Int { weight.shape[0] }

  /// `x·weightᵀ + bias` for `x` of shape `[…, inputFeatures]`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    let product = matmul(input, weight.transposed())
    return bias.map { product + $0 } ?? product
  }
}
