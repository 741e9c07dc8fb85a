import OlympusCore

/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as
/// PyTorch's `torch.optim.SGD` computes it.
///
/// For each parameter `p` with gradient `g`:
/// ```
/// g ← g + weightDecay · p
/// b ← g on the parameter's first update, else momentum · b + (1 - dampening) · g
/// g ← g + momentum · b  (Nesterov)  or  b  (otherwise; only with momentum ≠ 0)
/// p ← p - learningRate · g
/// ```
public struct SGD: GradientTransformation {
  /// The learning rate or its schedule.
  public var learningRate: any LearningRateSchedule
  /// The momentum factor; 0 for plain gradient descent.
  public var momentum: Double
  /// How much of the new gradient the momentum buffer leaves out.
  public var dampening: Double
  /// The L2 penalty added to the gradient.
  public var weightDecay: Double
  /// Whether to use Nesterov momentum.
  public var nesterov: Bool

  /// SGD with PyTorch's defaults. Nesterov momentum needs a positive `momentum` and no
  /// `dampening`.
  public init(
    learningRate: any LearningRateSchedule = 1e-3, momentum: Double = 0, dampening: Double = 0,
    weightDecay: Double = 0, nesterov: Bool = false
  ) {
    check(momentum >= 0, OlympusError("SGD", "momentum \(momentum) is negative"))
    check(weightDecay >= 0, OlympusError("SGD", "weightDecay \(weightDecay) is negative"))
    check(!nesterov || (momentum > 0 && dampening == 0), OlympusError("SGD", "Nesterov momentum needs momentum > 0 and no dampening"))
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
  }

  /// What SGD keeps for one parameter tensor.
  public struct ParameterState: TensorTree, Sendable {
    /// Updates this parameter has received, an int64 scalar tensor.
    public var step: Tensor
    /// The momentum buffer (PyTorch's `momentum_buffer`); `nil` without momentum.
    public var momentumBuffer: Tensor?
  }

  /// Zero momentum buffers (none without momentum).
  public func initialState(for parameters: [Tensor]) -> OptimizerState<ParameterState> {
    OptimizerState(parameters: parameters.map { parameter in
      ParameterState(step: Tensor(0), momentumBuffer: momentum == 0 ? nil : Tensor.zeros(like: parameter))
    })
  }

  /// The SGD step of every parameter that has a gradient.
  public func update(_ updates: inout [Tensor?], state: inout OptimizerState<ParameterState>, parameters: [Tensor]) {
    guard state.expectMatching(updates, "SGD") else { return }
    let rate = learningRate.value(at: state.count)
    state.count = state.count + 1
    for index in updates.indices {
      guard var direction = updates[index] else { continue }
      if weightDecay != 0 { direction = direction + parameters[index] * weightDecay }
      var slot = state.parameters[index]
      if momentum != 0 {
        var buffer = direction
        if let previous = slot.momentumBuffer {
          // The buffer starts as the first gradient: the step, a tensor, selects it.
          let accumulated = previous * momentum + (dampening == 0 ? direction : direction * (1 - dampening))
          buffer = select(slot.step .> 0, accumulated, direction)
        }
        slot.momentumBuffer = buffer
        direction = nesterov ? direction + buffer * momentum : buffer
      }
      slot.step = slot.step + 1
      state.parameters[index] = slot
      updates[index] = direction * (-rate).astype(direction.dtype)
    }
  }
}
