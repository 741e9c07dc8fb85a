import OlympusCore

/// A gradient transformation together with its state for one model type: the object a training
/// loop updates the model with (swift-apis' `Optimizer`, PyTorch's `torch.optim.Optimizer`).
///
/// Functionally, with gradients from `grad` or `valueAndGrad`:
/// ```swift
/// var optimizer = Optimizer(Adam(learningRate: 1e-3), for: model)
/// let (loss, gradients) = valueAndGrad(of: { (m: MLP) in m.loss(x, labels) })(model)
/// optimizer.update(&model, along: gradients)
/// ```
/// or with the eager tape, reading each parameter's `grad` (see ``step(_:)``):
/// ```swift
/// optimizer.zeroGrad(&model)
/// model.loss(x, labels).backward()
/// optimizer.step(&model)
/// ```
///
/// Each update flattens the model and the gradients once, runs the transformation on the leaves
/// and rebuilds the model; the state is kept per leaf and never flattened. Checkpoint it by
/// encoding ``state`` (a `TensorTree`, so `Codable`).
public struct Optimizer<Model: TensorTree, Transformation: GradientTransformation> {
  /// The transformation; its hyperparameters (a learning rate) may be changed between updates.
  public var transformation: Transformation
  /// The transformation's state for the model's parameters.
  public var state: Transformation.State

  /// An optimizer for `model`, with the transformation's initial state.
  public init(_ transformation: Transformation, for model: Model) {
    self.transformation = transformation
    state = transformation.initialState(for: model)
  }

  /// An optimizer resuming from a saved `state`.
  public init(_ transformation: Transformation, state: Transformation.State) {
    self.transformation = transformation
    self.state = state
  }

  /// Updates `model` one step along `gradients` (a tree of the model's type).
  ///
  /// Leaves that are not floating-point are left unchanged. Runs without recording on the eager
  /// tape, like PyTorch's `optimizer.step()`; parameters that require gradients still do after
  /// the update (see ``step(_:)``).
  ///
  /// A gradient tree of another structure (a missing or extra leaf) or with a gradient of the
  /// wrong shape is rejected naming the optimizer and every path that differs; a rejected update
  /// leaves the model and the state as they were.
  public mutating func update(_ model: inout Model, along gradients: Model) {
    let (leaves, structure) = gradients.flattened()
    apply(to: &model, "update(_:along:)") { _ in (leaves, structure.leafPaths) }
  }

  /// Runs one update of `model` with the gradients `gradients` gives for its leaves, one per leaf
  /// (`nil`: no gradient, no update), with their paths. Nothing changes unless every operation
  /// of the update succeeds.
  mutating func apply(
    to model: inout Model, _ method: String, gradients: ([Tensor]) -> (leaves: [Tensor?], paths: [String])
  ) {
    let operation = "Optimizer<\(Model.self), \(Transformation.self)>.\(method)"
    let (parameters, structure) = model.flattened()
    let (gradientLeaves, gradientPaths) = gradients(parameters)
    guard
      let matched = matchedGradients(
        gradientLeaves, at: gradientPaths, for: parameters, at: structure.leafPaths, operation)
    else { return }
    let trainable = trainableGradients(matched, of: parameters).map { $0.map(untracked) }
    var advanced = state
    let (updated, rejected) = withErrorContext(operation) {
      detectingRejection {
        withNoGrad { () -> [Tensor] in
          let results = transformation.updatedParameters(trainable, state: &advanced, parameters: parameters.map(untracked))
          return parameters.indices.map { index in
            guard let result = results[index] else { return parameters[index] }
            return keepingTapeLeaf(parameters[index], result)
          }
        }
      }
    }
    guard !rejected else { return }
    state = advanced
    model = Model(structure: structure, leaves: updated)
  }
}

/// An optimizer holds only its transformation and state, both `Sendable`.
extension Optimizer: Sendable {}

/// `tensor` without its eager-tape state when it is concrete (a faster operand, the same value);
/// a tracer of a transformation is kept as it is, so the update stays differentiable.
func untracked(_ tensor: Tensor) -> Tensor {
  tensor.isConcrete ? tensor.detached() : tensor
}

/// `updated`, made a tape leaf like `parameter` when that required gradients: it requires them
/// too and carries the gradient accumulated so far, as PyTorch's in-place step leaves `grad` in
/// place until `zero_grad()`.
func keepingTapeLeaf(_ parameter: Tensor, _ updated: Tensor) -> Tensor {
  guard parameter.requiresGrad else { return updated }
  updated.requiresGrad = true
  updated.grad = parameter.grad
  return updated
}
