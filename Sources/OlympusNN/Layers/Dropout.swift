import OlympusCore

/// Dropout as a layer (PyTorch's `nn.Dropout`): the identity in evaluation (`callAsFunction`),
/// ``dropout(_:rate:key:)`` with the mode's key in training.
///
/// ```swift
/// let layer = Dropout(rate: 0.5)
/// layer(x)                                                      // x
/// layer.forward(x, mode: .training(key: Random.key(3))).output  // half zeroed, the rest doubled
/// ```
public struct Dropout: Module {
  /// The probability of zeroing an element, in `[0, 1]`.
  public var rate: Double

  /// A layer zeroing elements with probability `rate` in training.
  public init(rate: Double = 0.5) {
    if !(0...1).contains(rate) { misuse("Dropout(rate:)", "rate must be in [0, 1], got \(rate)") }
    self.rate = rate
  }

  /// `x` unchanged (evaluation mode).
  public func callAsFunction(_ input: Tensor) -> Tensor { input }

  /// In training, `x` with dropout drawn from the mode's key (which must be present unless the rate
  /// is 0); in evaluation, `x`. The layer has no state.
  public func forward(_ input: Tensor, mode: ForwardMode) -> (output: Tensor, updated: Dropout) {
    guard mode.isTraining, rate > 0 else { return (input, self) }
    guard let key = mode.key else {
      return (misuse("Dropout", "training mode needs a random key: forward(x, mode: .training(key: …))"), self)
    }
    return (dropout(input, rate: rate, key: key), self)
  }
}
