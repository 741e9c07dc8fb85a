import OlympusCore

/// How a forward pass runs (PyTorch's `module.train()` / `module.eval()`, passed per call as in
/// Flax rather than stored in the module).
///
/// ```swift
/// let (logits, updated) = model.forward(x, mode: .training(key: Random.foldIn(key, step)))
/// let predictions = model.forward(x, mode: .evaluation).output   // same as model(x)
/// ```
public enum ForwardMode: Sendable {
  /// Deterministic inference: dropout is the identity, batch normalization uses its running
  /// statistics.
  case evaluation
  /// Training: dropout draws its mask from `key` (required by any dropout that is active),
  /// batch normalization uses the batch statistics and advances its running statistics.
  case training(key: Tensor?)

  /// Whether this is a training pass.
  public var isTraining: Bool {
    if case .training = self { return true }
    return false
  }

  /// The random key of a training pass; `nil` in evaluation.
  public var key: Tensor? {
    if case .training(let key) = self { return key }
    return nil
  }

  /// The mode for the `index`th of several sub-modules: the same mode, with a key folded with
  /// `index` (`Random.foldIn(_:_:)`) so that sub-modules draw independent numbers.
  public func child(_ index: Int) -> ForwardMode {
    guard case .training(let key?) = self else { return self }
    return .training(key: Random.foldIn(key, index))
  }
}
