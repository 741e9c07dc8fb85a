import OlympusCore

/// Adam (Kingma and Ba, 2015), optionally with AMSGrad and L2 or decoupled weight decay, as
/// PyTorch's `torch.optim.Adam` computes it.
///
/// For each parameter `p` with gradient `g`, at its `t`-th update:
/// ```
/// g ← g + weightDecay · p                     (L2; or p ← p · (1 - lr · weightDecay) if decoupled)
/// m ← m + (1 - β₁) · (g - m)
/// v ← β₂ · v + (1 - β₂) · g²
/// v̂ ← max(v̂, v)                              (AMSGrad; v̂ = v otherwise)
/// p ← p - lr / (1 - β₁ᵗ) · m / (√v̂ / √(1 - β₂ᵗ) + ε)
/// ```
/// `t` is a tensor of the state: the bias corrections are computed from it in float64 with tensor
/// operations and converted to the moments' element type where they meet them, as PyTorch's
/// Python-float corrections are. The step of all parameters is staged with `jit` (once per
/// combination of parameter types and hyperparameters), so on concrete tensors each parameter is
/// updated in one fused elementwise pass.
///
/// ``AdamW`` is Adam with decoupled weight decay and PyTorch's AdamW defaults.
public struct Adam: GradientTransformation {
  /// The learning rate or its schedule.
  public var learningRate: any LearningRateSchedule
  /// The decay rate of the first moment (β₁).
  public var beta1: Double
  /// The decay rate of the second moment (β₂).
  public var beta2: Double
  /// Added to the denominator for numerical stability (ε).
  public var epsilon: Double
  /// The weight-decay coefficient.
  public var weightDecay: Double
  /// Whether to divide by the largest second moment seen so far (AMSGrad).
  public var amsgrad: Bool
  /// Whether weight decay shrinks the parameters directly (AdamW) instead of adding an L2
  /// gradient (PyTorch's `decoupled_weight_decay`).
  public var decoupledWeightDecay: Bool

  /// Adam with PyTorch's defaults.
  public init(
    learningRate: any LearningRateSchedule = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false, decoupledWeightDecay: Bool = false
  ) {
    check((0..<1).contains(beta1), OlympusError("Adam", "beta1 \(beta1) is not in [0, 1)"))
    check((0..<1).contains(beta2), OlympusError("Adam", "beta2 \(beta2) is not in [0, 1)"))
    check(epsilon >= 0, OlympusError("Adam", "epsilon \(epsilon) is negative"))
    check(weightDecay >= 0, OlympusError("Adam", "weightDecay \(weightDecay) is negative"))
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.amsgrad = amsgrad
    self.decoupledWeightDecay = decoupledWeightDecay
  }

  /// What Adam keeps for one parameter tensor (PyTorch's `step`, `exp_avg`, `exp_avg_sq`,
  /// `max_exp_avg_sq`).
  public struct ParameterState: TensorTree, Sendable {
    /// Updates this parameter has received (`t`), an int64 scalar tensor.
    public var step: Tensor
    /// The running average of the gradient (`m`).
    public var firstMoment: Tensor
    /// The running average of the squared gradient (`v`).
    public var secondMoment: Tensor
    /// The largest `secondMoment` so far (`v̂`), with AMSGrad only.
    public var maxSecondMoment: Tensor?
  }

  /// Zero moments.
  public func initialState(for parameters: [Tensor]) -> OptimizerState<ParameterState> {
    OptimizerState(parameters: parameters.map { parameter in
      let zeros = Tensor.zeros(like: parameter)
      return ParameterState(step: Tensor(0), firstMoment: zeros, secondMoment: zeros, maxSecondMoment: amsgrad ? zeros : nil)
    })
  }

  /// The Adam step of every parameter that has a gradient.
  public func update(_ updates: inout [Tensor?], state: inout OptimizerState<ParameterState>, parameters: [Tensor]) {
    for (index, output) in stagedStep(updates, state: &state, parameters: parameters, appliesUpdates: false) {
      updates[index] = output.update
    }
  }

  /// The parameters after the Adam step, each sum computed in the same fused pass as its update.
  public func updatedParameters(
    _ gradients: [Tensor?], state: inout OptimizerState<ParameterState>, parameters: [Tensor]
  ) -> [Tensor?] {
    var updated = [Tensor?](repeating: nil, count: gradients.count)
    for (index, output) in stagedStep(gradients, state: &state, parameters: parameters, appliesUpdates: true) {
      updated[index] = output.parameter
    }
    return updated
  }

  /// Runs the staged step of the parameters with a gradient, advancing `state`: their positions
  /// and outputs (none when the state was made for another number of parameters, rejected).
  private func stagedStep(
    _ gradients: [Tensor?], state: inout OptimizerState<ParameterState>, parameters: [Tensor], appliesUpdates: Bool
  ) -> [(index: Int, output: StepOutput)] {
    guard state.expectMatching(gradients, decoupledWeightDecay ? "AdamW" : "Adam") else { return [] }
    let rate = learningRate.value(at: state.count)
    state.count = state.count + 1
    let present = gradients.indices.compactMap { index in gradients[index].map { (index: index, gradient: $0) } }
    let readsParameters = appliesUpdates || weightDecay != 0
    let inputs = StepInputs(
      rate: rate, appliesUpdates: appliesUpdates,
      parameters: present.map { index, gradient in
        StepInput(slot: state.parameters[index], gradient: gradient, parameter: readsParameters ? parameters[index] : nil)
      })
    let outputs = stagedAdamStep(inputs, hyperparameters)
    for ((index, _), output) in zip(present, outputs) { state.parameters[index] = output.slot }
    return zip(present, outputs).map { ($0.index, $1) }
  }
}
