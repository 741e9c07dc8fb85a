/// The value of `f` at `x` and its derivative along `v` (the Jacobian–vector product `∂f(x)·v`),
/// in one forward pass.
///
/// ```swift
/// let (y, dy) = jvp(at: x, along: v) { x in sin(x) * x }
/// ```
public func jvp<Input: TensorTree, Output: TensorTree>(
  at x: Input, along v: Input, of f: (Input) -> Output
) -> (value: Output, tangent: Output) {
  let (inputs, inputStructure) = x.flattened()
  let tangents = v.leaves
  guard tangents.count == inputs.count else {
    _ = reject(OlympusError("jvp(at:along:of:)", "the direction holds \(tangents.count) tensors, the point \(inputs.count)"))
    return (f(x), f(x))
  }
  var outputStructure: TreeStructure?
  let (outputs, outputTangents) = forwardFlat("jvp(at:along:of:)", at: inputs, along: tangents) { traced in
    let (leaves, structure) = f(Input(structure: inputStructure, leaves: traced)).flattened()
    outputStructure = structure
    return leaves
  }
  let structure = outputStructure ?? .ofResult(of: f, forArgumentOf: inputStructure)
  return (Output(structure: structure, leaves: outputs), Output(structure: structure, leaves: outputTangents))
}

/// `jvp(at:along:of:)` for a function of a tensor, so closures need no type annotations.
public func jvp(at x: Tensor, along v: Tensor, of f: (Tensor) -> Tensor) -> (value: Tensor, tangent: Tensor) {
  let (outputs, tangents) = forwardFlat("jvp(at:along:of:)", at: [x], along: [v]) { [f($0[0])] }
  return (outputs[0], tangents[0])
}

/// The value of `f` at `x` and its differential there: the linear map `v ↦ ∂f(x)·v`.
///
/// The differential replays `f` in forward mode for each direction (JAX's `linearize` stages the
/// linear part once instead; Olympus will do the same once `jit` lands).
public func linearize<Input: TensorTree, Output: TensorTree>(
  at x: Input, of f: @escaping (Input) -> Output
) -> (value: Output, differential: (Input) -> Output) {
  (f(x), { v in jvp(at: x, along: v, of: f).tangent })
}

/// `linearize(at:of:)` for a function of a tensor, so closures need no type annotations.
public func linearize(at x: Tensor, of f: @escaping (Tensor) -> Tensor) -> (value: Tensor, differential: (Tensor) -> Tensor) {
  (f(x), { v in jvp(at: x, along: v, of: f).tangent })
}
