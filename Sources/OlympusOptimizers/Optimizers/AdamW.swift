import OlympusCore

/// Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as PyTorch's
/// `torch.optim.AdamW` computes it: each update first shrinks the parameters by
/// `1 - learningRate · weightDecay`, then takes the ``Adam`` step without an L2 term.
public struct AdamW: GradientTransformation {
  /// The Adam configuration this optimizer runs, with `decoupledWeightDecay` set.
  public var adam: Adam

  /// AdamW with PyTorch's defaults (`weightDecay` 0.01).
  public init(
    learningRate: any LearningRateSchedule = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false
  ) {
    adam = Adam(
      learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
      amsgrad: amsgrad, decoupledWeightDecay: true)
  }

  /// Adam's initial state: zero moments.
  public func initialState(for parameters: [Tensor]) -> OptimizerState<Adam.ParameterState> {
    adam.initialState(for: parameters)
  }

  /// The AdamW step of every parameter that has a gradient.
  public func update(
    _ updates: inout [Tensor?], state: inout OptimizerState<Adam.ParameterState>, parameters: [Tensor]
  ) {
    adam.update(&updates, state: &state, parameters: parameters)
  }

  /// The parameters after the AdamW step, computed with the updates in one fused pass.
  public func updatedParameters(
    _ gradients: [Tensor?], state: inout OptimizerState<Adam.ParameterState>, parameters: [Tensor]
  ) -> [Tensor?] {
    adam.updatedParameters(gradients, state: &state, parameters: parameters)
  }
}
