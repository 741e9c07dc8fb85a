import OlympusCore

/// How a loss combines its per-element values (PyTorch's `reduction`).
public enum LossReduction: Sendable, Hashable {
  /// The mean over elements (PyTorch's default; for class losses with ignored labels, over the
  /// elements not ignored).
  case mean
  /// The sum over elements.
  case sum
  /// No reduction: one loss per element.
  case none

  /// `losses` reduced.
  func apply(_ losses: Tensor) -> Tensor {
    switch self {
    case .mean: losses.mean()
    case .sum: losses.sum()
    case .none: losses
    }
  }
}
