/// A learning rate that depends on the step: the number of updates made before this one (0 for
/// the first update). A `Double` is the constant schedule.
///
/// The schedules match PyTorch's `torch.optim.lr_scheduler` when its `scheduler.step()` is called
/// after every `optimizer.step()`: `schedule.value(at: k)` is the learning rate of update `k`, what
/// `scheduler.get_last_lr()` reports after `k` scheduler steps.
///
/// ```swift
/// let adam = Adam(learningRate: WarmupCosineDecay(peakValue: 1e-3, warmupSteps: 100, decaySteps: 10_000))
/// let sgd = SGD(learningRate: 0.1)    // constant
/// ```
public protocol LearningRateSchedule: Sendable {
  /// The learning rate of update number `step` (counted from 0).
  func value(at step: Int) -> Double
}

/// A number is the constant schedule.
extension Double: LearningRateSchedule {
  /// The number itself, at every step.
  public func value(at step: Int) -> Double { self }
}
