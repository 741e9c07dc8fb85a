import OlympusCore

/// A learning rate multiplied by `gamma` every `stepSize` steps (PyTorch's `StepLR`, optax's
/// `exponential_decay` with `staircase`): `initialValue * gamma^⌊step / stepSize⌋`.
public struct StepDecay: LearningRateSchedule {
  /// The learning rate of the first `stepSize` steps.
  public var initialValue: Double
  /// Steps between decays.
  public var stepSize: Int
  /// The factor applied at each decay.
  public var gamma: Double

  /// Decays `initialValue` by `gamma` every `stepSize` steps (PyTorch's default `gamma` 0.1).
  public init(initialValue: Double, stepSize: Int, gamma: Double = 0.1) {
    check(stepSize > 0, OlympusError("StepDecay", "stepSize \(stepSize) must be positive"))
    self.initialValue = initialValue
    self.stepSize = stepSize
    self.gamma = gamma
  }

  /// `initialValue * gamma^⌊step / stepSize⌋`.
  public func value(at step: Tensor) -> Tensor {
    let decays = floorDivide(maximum(step, 0), Tensor(stepSize))
    return initialValue * pow(gamma, decays.astype(.float64))
  }
}
