import OlympusCore

/// A learning rate multiplied by `gamma` at every step (PyTorch's `ExponentialLR`):
/// `initialValue * gamma^step`.
///
/// The power is the C library's `pow`, correctly rounded in practice; PyTorch's recursive
/// scheduler multiplies by `gamma` once per step instead, which differs in the last few bits.
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
  public func value(at step: Tensor) -> Tensor {
    initialValue * pow(gamma, maximum(step, 0).astype(.float64))
  }
}
