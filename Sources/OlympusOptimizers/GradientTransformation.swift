import OlympusCore

/// One stage of an optimizer: turns gradients into updates, keeping whatever it needs between
/// steps in a ``State`` (optax's `GradientTransformation`).
///
/// Transformations compose with ``chain(_:)``; an optimizer such as ``Adam`` is itself a
/// transformation whose updates are ready to add to the parameters. A transformation works on
/// the tensors of any `TensorTree` (a model struct, an array, a dictionary): the tree-level
/// methods flatten the trees once and call the leaf-level requirements.
///
/// ```swift
/// let adam = Adam(learningRate: 1e-3)
/// var state = adam.initialState(for: model)
/// let updates = adam.update(gradients, state: &state, parameters: model)
/// model = applyUpdates(updates, to: model)
/// ```
///
/// Updates are *added* to the parameters, so a descent step's updates are minus the learning
/// rate times a direction. The state is a tree of tensors and plain values: it can be flattened,
/// transformed and saved with any `Encoder` like a model. Whatever changes from one update to the
/// next, update counts included, is a tensor, so a jitted training step is staged once.
public protocol GradientTransformation: Sendable {
  /// What the transformation remembers between updates.
  associatedtype State: TensorTree & Sendable

  /// The state before the first update, for parameters with these leaves (in the order
  /// `flattened()` gives).
  func initialState(for parameters: [Tensor]) -> State

  /// Transforms `updates`, one per parameter leaf, in place and advances `state`.
  ///
  /// A `nil` entry is a parameter without a gradient this step (a tape leaf whose `grad` is
  /// `nil`): it stays `nil` and its part of the state is left as it was, as PyTorch skips
  /// parameters whose `grad` is `None`.
  ///
  /// - Parameters:
  ///   - updates: On entry the gradients (or the previous stage's updates), on return this
  ///     stage's updates.
  ///   - state: The state, advanced by one update.
  ///   - parameters: The current parameters, for transformations that use them (weight decay).
  func update(_ updates: inout [Tensor?], state: inout State, parameters: [Tensor])

  /// The parameters after one step along `gradients` (one per parameter leaf), advancing `state`:
  /// each parameter with its update from ``update(_:state:parameters:)`` added, in its own element
  /// type, and `nil` where the gradient is `nil` (the parameter is left as it is). What
  /// ``Optimizer`` applies; the default adds the updates, a transformation may compute the sums
  /// with its updates (``Adam`` does, in the same fused pass).
  func updatedParameters(_ gradients: [Tensor?], state: inout State, parameters: [Tensor]) -> [Tensor?]
}

extension GradientTransformation {
  /// The updates added to the parameters.
  public func updatedParameters(_ gradients: [Tensor?], state: inout State, parameters: [Tensor]) -> [Tensor?] {
    var updates = gradients
    update(&updates, state: &state, parameters: parameters)
    return zip(updates, parameters).map { update, parameter in update.map { parameter + $0.astype(parameter.dtype) } }
  }

  /// The state before the first update of `parameters`.
  public func initialState<Parameters: TensorTree>(for parameters: Parameters) -> State {
    initialState(for: parameters.leaves)
  }

  /// The updates for `gradients` (a tree of the parameters' type), advancing `state`.
  ///
  /// Leaves that are not floating-point (integer buffers carried in a model) get zero updates.
  public func update<Parameters: TensorTree>(
    _ gradients: Parameters, state: inout State, parameters: Parameters
  ) -> Parameters {
    let operation = "\(Self.self).update(_:state:parameters:)"
    let (gradientLeaves, structure) = gradients.flattened()
    let (parameterLeaves, parameterStructure) = parameters.flattened()
    guard
      let matched = matchedGradients(
        gradientLeaves, at: structure.leafPaths, for: parameterLeaves, at: parameterStructure.leafPaths, operation)
    else { return parameters.mapLeaves { _ in .failed } }
    var updates = trainableGradients(matched, of: parameterLeaves)
    var advanced = state
    let rejected = withErrorContext(operation) {
      detectingRejection { update(&updates, state: &advanced, parameters: parameterLeaves) }.rejected
    }
    guard !rejected else { return parameters.mapLeaves { _ in .failed } }
    state = advanced
    let filled = zip(updates, parameterLeaves).map { update, parameter in update ?? Tensor.zeros(like: parameter) }
    return Parameters(structure: structure, leaves: filled)
  }
}

/// `parameters` with `updates` added, leaf by leaf (optax's `apply_updates`); each sum keeps its
/// parameter's element type.
public func applyUpdates<Parameters: TensorTree>(_ updates: Parameters, to parameters: Parameters) -> Parameters {
  zipLeaves(parameters, updates) { parameter, update in parameter + update.astype(parameter.dtype) }
}

/// The gradients (one per parameter, see ``matchedGradients(_:at:for:at:_:)``) as optional
/// updates: `nil` for parameters that are not floating-point, whose values an optimizer never
/// changes.
func trainableGradients(_ gradients: [Tensor?], of parameters: [Tensor]) -> [Tensor?] {
  zip(gradients, parameters).map { gradient, parameter in
    parameter.dtype.isFloatingPoint ? gradient : nil
  }
}
