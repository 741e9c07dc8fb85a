import OlympusCore

/// Clips every element of the updates to `[-limit, limit]` (PyTorch's `clip_grad_value_`,
/// optax's `clip`).
public struct ClipByValue: GradientTransformation {
  /// The largest magnitude an element keeps.
  public var limit: Double

  /// Clips to `[-limit, limit]`; `limit` must not be negative.
  public init(_ limit: Double) {
    check(limit >= 0, OlympusError("ClipByValue", "the limit \(limit) is negative"))
    self.limit = limit
  }

  /// No state.
  public func initialState(for parameters: [Tensor]) -> EmptyState { EmptyState() }

  /// `clip(update, min: -limit, max: limit)`.
  public func update(_ updates: inout [Tensor?], state: inout EmptyState, parameters: [Tensor]) {
    for index in updates.indices {
      guard let update = updates[index] else { continue }
      updates[index] = clip(update, min: -limit, max: limit)
    }
  }
}
