import OlympusCore

/// The state of an optimizer: how many updates it has made, and what it keeps for each parameter
/// tensor (PyTorch's `optimizer.state`, indexed by the parameter's position in the flattened
/// model).
///
/// Counts are int64 scalar tensors (optax's `count`, PyTorch's `step` tensors), advanced with
/// tensor operations: a jitted training step traces them like the other leaves, so one staged
/// graph serves every step.
///
/// ```swift
/// let state: OptimizerState<Adam.ParameterState> = optimizer.state
/// state.parameters[0].firstMoment      // exp_avg of the first parameter tensor
/// state.flattened().structure.leafPaths // ["count", "parameters.0.step", "parameters.0.firstMoment", …]
/// ```
public struct OptimizerState<ParameterState: TensorTree & Sendable>: TensorTree, Sendable {
  /// Updates made so far, an int64 scalar tensor: the step at which the learning-rate schedule is
  /// evaluated.
  public var count: Tensor
  /// One entry per parameter tensor, in the order `flattened()` gives.
  public var parameters: [ParameterState]

  /// A state after `count` updates.
  public init(count: Int = 0, parameters: [ParameterState]) {
    self.count = Tensor(count)
    self.parameters = parameters
  }

  /// Whether `updates` has one entry per parameter; rejected naming `optimizer` otherwise (a
  /// state made for another model).
  func expectMatching(_ updates: [Tensor?], _ optimizer: String) -> Bool {
    check(
      updates.count == parameters.count,
      OlympusError(optimizer, "\(updates.count) gradients for a state of \(parameters.count) parameter tensors"))
  }
}
