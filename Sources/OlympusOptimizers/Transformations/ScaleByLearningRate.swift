import OlympusCore

/// Multiplies the updates by minus the learning rate, turning a direction into a descent step
/// (optax's `scale_by_learning_rate`): the learning rate may follow a schedule, evaluated at the
/// number of updates made so far.
public struct ScaleByLearningRate: GradientTransformation {
  /// The learning rate or its schedule.
  public var learningRate: any LearningRateSchedule

  /// Scales by `-learningRate.value(at: step)`.
  public init(_ learningRate: any LearningRateSchedule) { self.learningRate = learningRate }

  /// The count of updates, zero.
  public func initialState(for parameters: [Tensor]) -> CountState { CountState() }

  /// `update * -learningRate`, then counts the update.
  public func update(_ updates: inout [Tensor?], state: inout CountState, parameters: [Tensor]) {
    let factor = -learningRate.value(at: state.count)
    state.count = state.count + 1
    for index in updates.indices {
      guard let update = updates[index] else { continue }
      updates[index] = update * factor.astype(update.dtype)
    }
  }
}
