/// A learning rate multiplied by `gamma` at every step (PyTorch's `ExponentialLR`):
/// `initialValue * gamma^step`.
public struct ExponentialDecay: LearningRateSchedule {
  /// The learning rate of the first step.
  public var initialValue: Double
  /// The factor applied at each step.
  public var gamma: Double

  /// Decays `initialValue` by `gamma` per step.
  public init(initialValue: Double, gamma: Double) {
    self.initialValue = initialValue
    self.gamma = gamma
  }

  /// `initialValue * gamma^step`.
  public func value(at step: Int) -> Double { initialValue * integerPower(gamma, max(step, 0)) }
}

/// `base^exponent` for a non-negative integer exponent, by repeated squaring (as exact as the
/// products; PyTorch's recursive schedulers multiply by `gamma` once per step instead, which
/// differs in the last few bits).
func integerPower(_ base: Double, _ exponent: Int) -> Double {
  var result = 1.0
  var factor = base
  var remaining = exponent
  while remaining > 0 {
    if remaining & 1 == 1 { result *= factor }
    factor *= factor
    remaining >>= 1
  }
  return result
}
