import OlympusCore

/// Multiplies the updates by a constant factor (optax's `scale`).
public struct Scale: GradientTransformation {
  /// The factor.
  public var factor: Double

  /// Multiplies by `factor`.
  public init(_ factor: Double) { self.factor = factor }

  /// No state.
  public func initialState(for parameters: [Tensor]) -> EmptyState { EmptyState() }

  /// `update * factor`.
  public func update(_ updates: inout [Tensor?], state: inout EmptyState, parameters: [Tensor]) {
    for index in updates.indices {
      guard let update = updates[index] else { continue }
      updates[index] = update * factor
    }
  }
}
