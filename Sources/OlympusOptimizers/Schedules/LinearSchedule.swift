import OlympusCore

/// A learning rate that moves linearly from `initialValue` to `finalValue` over `transitionSteps`
/// steps and stays there: a linear warmup when it rises, a linear decay when it falls (optax's
/// `linear_schedule`; PyTorch's `LinearLR` with `start_factor = initialValue / lr`,
/// `end_factor = finalValue / lr` and `total_iters = transitionSteps`).
public struct LinearSchedule: LearningRateSchedule {
  /// The learning rate at step 0.
  public var initialValue: Double
  /// The learning rate from `transitionSteps` on.
  public var finalValue: Double
  /// The steps the transition takes.
  public var transitionSteps: Int

  /// Moves from `initialValue` to `finalValue` over `transitionSteps` steps (0 steps: `finalValue`
  /// throughout).
  public init(initialValue: Double, finalValue: Double, transitionSteps: Int) {
    check(transitionSteps >= 0, OlympusError("LinearSchedule", "transitionSteps \(transitionSteps) is negative"))
    self.initialValue = initialValue
    self.finalValue = finalValue
    self.transitionSteps = transitionSteps
  }

  /// `initialValue + (finalValue - initialValue) * min(step, transitionSteps) / transitionSteps`.
  public func value(at step: Tensor) -> Tensor {
    guard transitionSteps > 0 else { return Tensor(finalValue) }
    return initialValue + (finalValue - initialValue) * fraction(of: step, through: transitionSteps)
  }
}
