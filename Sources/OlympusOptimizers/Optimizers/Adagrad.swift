import OlympusCore

/// Adagrad (Duchi, Hazan and Singer, 2011), as PyTorch's `torch.optim.Adagrad` computes it.
///
/// For each parameter `p` with gradient `g`, at its `t`-th update:
/// ```
/// g ← g + weightDecay · p
/// s ← s + g²                       (s starts at initialAccumulatorValue)
/// p ← p - lr / (1 + (t - 1) · learningRateDecay) · g / (√s + ε)
/// ```
public struct Adagrad: GradientTransformation {
  /// The learning rate or its schedule.
  public var learningRate: any LearningRateSchedule
  /// How fast the learning rate shrinks with the parameter's update count.
  public var learningRateDecay: Double
  /// The L2 penalty added to the gradient.
  public var weightDecay: Double
  /// The initial value of the sum of squared gradients.
  public var initialAccumulatorValue: Double
  /// Added to the denominator for numerical stability (ε).
  public var epsilon: Double

  /// Adagrad with PyTorch's defaults.
  public init(
    learningRate: any LearningRateSchedule = 1e-2, learningRateDecay: Double = 0, weightDecay: Double = 0,
    initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10
  ) {
    check(learningRateDecay >= 0, OlympusError("Adagrad", "learningRateDecay \(learningRateDecay) is negative"))
    check(weightDecay >= 0, OlympusError("Adagrad", "weightDecay \(weightDecay) is negative"))
    check(initialAccumulatorValue >= 0, OlympusError("Adagrad", "initialAccumulatorValue \(initialAccumulatorValue) is negative"))
    check(epsilon >= 0, OlympusError("Adagrad", "epsilon \(epsilon) is negative"))
    self.learningRate = learningRate
    self.learningRateDecay = learningRateDecay
    self.weightDecay = weightDecay
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
  }

  /// What Adagrad keeps for one parameter tensor (PyTorch's `step` and `sum`).
  public struct ParameterState: TensorTree, Sendable {
    /// Updates this parameter has received (`t`), an int64 scalar tensor.
    public var step: Tensor
    /// The sum of squared gradients (`s`).
    public var sumOfSquares: Tensor
  }

  /// Accumulators filled with `initialAccumulatorValue`.
  public func initialState(for parameters: [Tensor]) -> OptimizerState<ParameterState> {
    OptimizerState(parameters: parameters.map { parameter in
      ParameterState(
        step: Tensor(0), sumOfSquares: Tensor.full(parameter.shape, value: initialAccumulatorValue, dtype: parameter.dtype))
    })
  }

  /// The Adagrad step of every parameter that has a gradient.
  public func update(_ updates: inout [Tensor?], state: inout OptimizerState<ParameterState>, parameters: [Tensor]) {
    guard state.expectMatching(updates, "Adagrad") else { return }
    let rate = learningRate.value(at: state.count)
    state.count = state.count + 1
    for index in updates.indices {
      guard var gradient = updates[index] else { continue }
      var slot = state.parameters[index]
      slot.step = slot.step + 1
      if weightDecay != 0 { gradient = gradient + parameters[index] * weightDecay }
      let decayedRate = rate / (1 + (slot.step.astype(.float64) - 1) * learningRateDecay)
      slot.sumOfSquares = slot.sumOfSquares + gradient * gradient
      updates[index] = gradient * (-decayedRate).astype(gradient.dtype) / (sqrt(slot.sumOfSquares) + epsilon)
      state.parameters[index] = slot
    }
  }
}
