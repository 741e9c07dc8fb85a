import OlympusCore

/// Batch normalization over the channel axis 1 (PyTorch's `nn.BatchNorm1d` for `[N, C]` and
/// `[N, C, L]`, `nn.BatchNorm2d` for `[N, C, H, W]`, one type for all ranks).
///
/// - In training (``forward(_:mode:)`` with `.training`), each channel is normalized with the
///   batch's mean and biased variance over every axis but 1, and the returned layer carries
///   running statistics advanced by `momentum` (`running = (1 − momentum)·running +
///   momentum·batch`, with the unbiased variance, as PyTorch). The statistics flowing into the
///   running averages are detached: they are state, not part of the gradient.
/// - In evaluation (`callAsFunction`, or `.evaluation`), it uses the running statistics, read
///   through `stopGradient`.
///
/// The running statistics are ``Buffer``s: leaves of the tree that are saved and transformed with
/// the layer but are not parameters, and whose gradient is always zero. The update is functional —
/// thread the returned layer (or the model containing it) into the next step; inside `grad`,
/// return it as auxiliary data:
///
/// ```swift
/// let (loss, updated, gradient) = valueAndGrad(of: { (m: Model) in
///   let (logits, updated) = m.forward(x, mode: .training(key: stepKey))
///   return (crossEntropy(logits, labels), updated)
/// })(model)
/// model = optimizerStep(updated, gradient)   // new running statistics, then new parameters
/// ```
public struct BatchNorm: Module {
  /// Per-channel scale `[C]`, or `nil` without an affine transformation.
  public var weight: Tensor?
  /// Per-channel shift `[C]`, or `nil` without an affine transformation.
  public var bias: Tensor?
  /// Per-channel running mean `[C]` (a buffer).
  @Buffer public var runningMean: Tensor
  /// Per-channel running unbiased variance `[C]` (a buffer).
  @Buffer public var runningVariance: Tensor
  /// Weight of the newest batch in the running statistics.
  public var momentum: Double
  /// Added to the variance before the square root.
  public var epsilon: Double

  /// A layer for `featureCount` channels with PyTorch's defaults: weight ones, bias zeros,
  /// running mean zeros, running variance ones.
  public init(featureCount: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true, dtype: DType = .float32) {
    weight = affine ? Tensor.ones([featureCount], dtype: dtype) : nil
    bias = affine ? Tensor.zeros([featureCount], dtype: dtype) : nil
    runningMean = Tensor.zeros([featureCount], dtype: dtype)
    runningVariance = Tensor.ones([featureCount], dtype: dtype)
    self.momentum = momentum
    self.epsilon = epsilon
  }

  /// The number of channels.
  public var featureCount: Int { runningMean.shape[0] }

  /// `x` normalized with the running statistics (evaluation mode).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    let shape = channelShape(input)
    return normalized(
      input, mean: stopGradient(runningMean).reshaped(to: shape), variance: stopGradient(runningVariance).reshaped(to: shape))
  }

  /// In training, `x` normalized with the batch statistics and the layer with advanced running
  /// statistics; in evaluation, `callAsFunction` and `self`.
  public func forward(_ input: Tensor, mode: ForwardMode) -> (output: Tensor, updated: BatchNorm) {
    guard mode.isTraining else { return (self(input), self) }
    let shape = channelShape(input)
    guard input.rank >= 2 else { return (.failed, self) }  // rejected by channelShape
    let axes = [0] + Array(2..<input.rank)
    let count = axes.reduce(1) { $0 * input.shape[$1] }
    guard count > 1 else { return (misuse("BatchNorm", "needs more than one value per channel in training, got \(input.type)"), self) }
    let mean = input.mean(axes: axes, keepDims: true)
    let centered = input - mean
    let variance = (centered * centered).mean(axes: axes, keepDims: true)
    var updated = self
    let batchMean = stopGradient(mean).reshaped(to: [featureCount])
    let batchVariance = stopGradient(variance).reshaped(to: [featureCount]) * (Double(count) / Double(count - 1))
    updated.runningMean = (1 - momentum) * runningMean + momentum * batchMean
    updated.runningVariance = (1 - momentum) * runningVariance + momentum * batchVariance
    return (affine(centered * rsqrt(variance + epsilon), shape), updated)
  }

  /// The shape `[C, 1, …]` that broadcasts a per-channel vector against `input`.
  private func channelShape(_ input: Tensor) -> [Int] {
    guard input.rank >= 2, input.shape[1] == featureCount else {
      misuse("BatchNorm", "expects [N, \(featureCount), …], got \(input.type)")
      return [featureCount]  // after a rejection inside `withErrorChecking`: any shape will do
    }
    return [featureCount] + Array(repeating: 1, count: input.rank - 2)
  }

  private func normalized(_ input: Tensor, mean: Tensor, variance: Tensor) -> Tensor {
    affine((input - mean) * rsqrt(variance + epsilon), mean.shape)
  }

  private func affine(_ normalized: Tensor, _ shape: [Int]) -> Tensor {
    var output = normalized
    if let weight { output = output * weight.reshaped(to: shape) }
    if let bias { output = output + bias.reshaped(to: shape) }
    return output
  }
}
