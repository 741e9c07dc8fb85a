import OlympusCore

/// Adds the parameters times a weight-decay coefficient to the updates (optax's
/// `add_decayed_weights`).
///
/// Before a learning-rate stage this is L2 regularization, PyTorch's `weight_decay` of SGD and
/// Adam (`grad + weightDecay * param`); after it, decoupled weight decay as in AdamW (with the
/// coefficient's sign flipped, since updates are added).
public struct AddDecayedWeights: GradientTransformation {
  /// The coefficient.
  public var weightDecay: Double

  /// Adds `weightDecay * parameter`.
  public init(_ weightDecay: Double) { self.weightDecay = weightDecay }

  /// No state.
  public func initialState(for parameters: [Tensor]) -> EmptyState { EmptyState() }

  /// `update + parameter * weightDecay`.
  public func update(_ updates: inout [Tensor?], state: inout EmptyState, parameters: [Tensor]) {
    for index in updates.indices {
      guard let update = updates[index] else { continue }
      updates[index] = update + parameters[index] * weightDecay
    }
  }
}
