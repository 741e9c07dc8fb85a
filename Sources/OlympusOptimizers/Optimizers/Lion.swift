import OlympusCore

/// Lion, the sign-momentum optimizer of Chen et al., "Symbolic Discovery of Optimization
/// Algorithms" (2023), with the paper's decoupled weight decay.
///
/// For each parameter `p` with gradient `g` (the paper's Algorithm 2):
/// ```
/// c ← β₁ · m + (1 - β₁) · g
/// p ← p - lr · (sign(c) + weightDecay · p)
/// m ← β₂ · m + (1 - β₂) · g
/// ```
/// PyTorch has no Lion; the tests check it against a NumPy transcription of the algorithm.
public struct Lion: GradientTransformation {
  /// The learning rate or its schedule.
  public var learningRate: any LearningRateSchedule
  /// The interpolation factor of the update direction (β₁).
  public var beta1: Double
  /// The decay rate of the momentum (β₂).
  public var beta2: Double
  /// The decoupled weight-decay coefficient.
  public var weightDecay: Double

  /// Lion with the paper's defaults.
  public init(
    learningRate: any LearningRateSchedule = 1e-4, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double = 0
  ) {
    check((0...1).contains(beta1), OlympusError("Lion", "beta1 \(beta1) is not in [0, 1]"))
    check((0...1).contains(beta2), OlympusError("Lion", "beta2 \(beta2) is not in [0, 1]"))
    check(weightDecay >= 0, OlympusError("Lion", "weightDecay \(weightDecay) is negative"))
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.weightDecay = weightDecay
  }

  /// What Lion keeps for one parameter tensor.
  public struct ParameterState: TensorTree, Sendable {
    /// The momentum (`m`).
    public var momentum: Tensor
  }

  /// Zero momentum.
  public func initialState(for parameters: [Tensor]) -> OptimizerState<ParameterState> {
    OptimizerState(parameters: parameters.map { ParameterState(momentum: Tensor.zeros(like: $0)) })
  }

  /// The Lion step of every parameter that has a gradient.
  public func update(_ updates: inout [Tensor?], state: inout OptimizerState<ParameterState>, parameters: [Tensor]) {
    guard state.expectMatching(updates, "Lion") else { return }
    let rate = learningRate.value(at: state.count)
    state.count = state.count + 1
    for index in updates.indices {
      guard let gradient = updates[index] else { continue }
      let momentum = state.parameters[index].momentum
      var direction = sign(momentum * beta1 + gradient * (1 - beta1))
      if weightDecay != 0 { direction = direction + parameters[index] * weightDecay }
      updates[index] = direction * (-rate).astype(direction.dtype)
      state.parameters[index].momentum = momentum * beta2 + gradient * (1 - beta2)
    }
  }
}
