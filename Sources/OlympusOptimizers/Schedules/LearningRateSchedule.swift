import OlympusCore

/// A learning rate that depends on the step: the number of updates made before this one (0 for
/// the first update). A `Double` is the constant schedule.
///
/// A schedule is evaluated at a step *tensor* (the integer count an optimizer state keeps) with
/// tensor operations, so a jitted training step reads the step as a traced value: one staged graph
/// serves every step (optax's schedules of a `count` array).
///
/// The schedules match PyTorch's `torch.optim.lr_scheduler` when its `scheduler.step()` is called
/// after every `optimizer.step()`: `schedule.value(at: k)` is the learning rate of update `k`, what
/// `scheduler.get_last_lr()` reports after `k` scheduler steps.
///
/// ```swift
/// let adam = Adam(learningRate: WarmupCosineDecay(peakValue: 1e-3, warmupSteps: 100, decaySteps: 10_000))
/// let sgd = SGD(learningRate: 0.1)    // constant
/// let rate = adam.learningRate.value(at: 250)   // a Double, for logging
/// ```
public protocol LearningRateSchedule: Sendable {
  /// The learning rate of update number `step` (an integer scalar tensor counted from 0, such as
  /// an optimizer state's `count`), as a float64 scalar tensor.
  func value(at step: Tensor) -> Tensor
}

extension LearningRateSchedule {
  /// The learning rate of update number `step` (counted from 0), as a number.
  public func value(at step: Int) -> Double { value(at: Tensor(step)).item(as: Double.self) }
}

/// A number is the constant schedule.
extension Double: LearningRateSchedule {
  /// The number itself as a float64 scalar, at every step.
  public func value(at step: Tensor) -> Tensor { Tensor(self) }
}

/// How far `step` is through `steps` steps, as a float64 scalar in [0, 1]: `min(max(step, 0),
/// steps) / steps`.
func fraction(of step: Tensor, through steps: Int) -> Tensor {
  minimum(maximum(step, 0), Double(steps)).astype(.float64) / Double(steps)
}
