import OlympusCore

extension Adam {
  /// What Adam's staged arithmetic depends on besides the tensors: its hyperparameters, which the
  /// staged graph holds as constants (the learning rate, which a schedule changes every step, is a
  /// tensor input instead).
  struct Hyperparameters: Hashable {
    let beta1, beta2, epsilon, weightDecay: Double
    let amsgrad, decoupledWeightDecay: Bool

    /// One parameter's step: its advanced state and its update (with `appliesUpdate`, the
    /// parameter plus the update, in the parameter's element type, instead), with the arithmetic
    /// ``Adam`` documents, for the learning rate `rate` (a float64 scalar).
    func step(_ input: StepInput, rate: Tensor, appliesUpdate: Bool) -> StepOutput {
      var slot = input.slot
      var gradient = input.gradient
      slot.step = slot.step + 1
      if weightDecay != 0, !decoupledWeightDecay, let parameter = input.parameter {
        gradient = gradient + parameter * weightDecay
      }
      slot.firstMoment = slot.firstMoment + (gradient - slot.firstMoment) * (1 - beta1)
      slot.secondMoment = slot.secondMoment * beta2 + gradient * (1 - beta2) * gradient
      var second = slot.secondMoment
      if amsgrad {
        second = maximum(slot.maxSecondMoment ?? second, second)
        slot.maxSecondMoment = second
      }
      let step = slot.step.astype(.float64)
      let stepSize = rate / (1 - pow(beta1, step))
      let secondCorrection = sqrt(1 - pow(beta2, step))
      let denominator = sqrt(second) / secondCorrection.astype(second.dtype) + epsilon
      var update = slot.firstMoment * (-stepSize).astype(slot.firstMoment.dtype) / denominator
      if weightDecay != 0, decoupledWeightDecay, let parameter = input.parameter {
        update = update - parameter * (rate * weightDecay).astype(parameter.dtype)
      }
      guard appliesUpdate, let parameter = input.parameter else { return StepOutput(slot: slot, update: update) }
      return StepOutput(slot: slot, parameter: parameter + update.astype(parameter.dtype))
    }
  }

  /// The hyperparameters of this configuration.
  var hyperparameters: Hyperparameters {
    Hyperparameters(
      beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, amsgrad: amsgrad,
      decoupledWeightDecay: decoupledWeightDecay)
  }

  /// What one parameter's step reads: its state, its gradient, and the parameter itself when
  /// weight decay reads it or the update is added to it (`nil` otherwise).
  struct StepInput: TensorTree {
    var slot: ParameterState
    var gradient: Tensor
    var parameter: Tensor?
  }

  /// What a step of every parameter with a gradient reads: the learning rate, whether the updates
  /// are added to the parameters (a plain value, so the staging is keyed by it), and each
  /// parameter's input.
  struct StepInputs: TensorTree {
    var rate: Tensor
    var appliesUpdates: Bool
    var parameters: [StepInput]
  }

  /// What one parameter's step gives: its advanced state, and its update or, when the step adds
  /// the update, the updated parameter (only what is used is written).
  struct StepOutput: TensorTree {
    var slot: ParameterState
    var update: Tensor? = nil
    var parameter: Tensor? = nil
  }
}

/// Adam's step of every parameter with a gradient, staged by `jit` once per combination of
/// parameter types and hyperparameters: on concrete tensors each parameter's moments and update
/// come out of one fused elementwise pass (and its bias corrections out of one scalar pass), where
/// evaluating the operations one by one makes about ten passes over every parameter. Under a
/// transformation (a jitted training step, `vmap`, differentiation through the update) the staged
/// graph is replayed operation by operation, so the step composes as the operations do.
///
/// `nonisolated(unsafe)` only because `jit` returns a closure type that is not marked `Sendable`:
/// the closure holds the staged function, whose cache is behind a lock, and a pure body.
nonisolated(unsafe) let stagedAdamStep = jit { (inputs: Adam.StepInputs, hyperparameters: Adam.Hyperparameters) in
  inputs.parameters.map { hyperparameters.step($0, rate: inputs.rate, appliesUpdate: inputs.appliesUpdates) }
}
