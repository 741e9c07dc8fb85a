import OlympusCore

/// A learning rate that follows half a cosine from `initialValue` down to `finalValue` over
/// `decaySteps` steps and stays there (PyTorch's `CosineAnnealingLR` with `T_max = decaySteps` and
/// `eta_min = finalValue`, up to `T_max`; optax's `cosine_decay_schedule`).
///
/// `finalValue + (initialValue - finalValue) * (1 + cos(π * min(step, decaySteps) / decaySteps)) / 2`.
/// Past `decaySteps` PyTorch's scheduler rises again (it is periodic); this one, like optax's,
/// stays at `finalValue`.
public struct CosineDecay: LearningRateSchedule {
  /// The learning rate at step 0.
  public var initialValue: Double
  /// The steps the decay takes.
  public var decaySteps: Int
  /// The learning rate from `decaySteps` on.
  public var finalValue: Double

  /// Decays from `initialValue` to `finalValue` over `decaySteps` steps.
  public init(initialValue: Double, decaySteps: Int, finalValue: Double = 0) {
    check(decaySteps > 0, OlympusError("CosineDecay", "decaySteps \(decaySteps) must be positive"))
    self.initialValue = initialValue
    self.decaySteps = decaySteps
    self.finalValue = finalValue
  }

  /// The cosine-interpolated learning rate of `step`.
  public func value(at step: Tensor) -> Tensor {
    let progress = fraction(of: step, through: decaySteps)
    return finalValue + (initialValue - finalValue) * (1 + cos(Double.pi * progress)) / 2
  }
}
