/// The value of `f` at `x` and its pullback: the function from a cotangent of the output to the
/// cotangent of the input (the vector–Jacobian product `uᵀ ∂f(x)`).
///
/// The pullback takes any cotangent of the output's type and can be called many times; the
/// forward pass runs once.
///
/// ```swift
/// let (h, pullback) = vjp(at: x) { x in exp(x * x) }
/// let dLdx = pullback(dLdh)
/// ```
public func vjp<Input: TensorTree, Output: TensorTree>(
  at x: Input, of f: (Input) -> Output
) -> (value: Output, pullback: (Output) -> Input) {
  let (inputs, inputStructure) = x.flattened()
  var outputStructure: TreeStructure?
  let (outputs, pullback) = reverseFlat("vjp(at:of:)", at: inputs) { traced in
    let (leaves, structure) = f(Input(structure: inputStructure, leaves: traced)).flattened()
    outputStructure = structure
    return leaves
  }
  let value = Output(structure: outputStructure ?? .ofResult(of: f, forArgumentOf: inputStructure), leaves: outputs)
  return (value, { cotangent in Input(structure: inputStructure, leaves: pullback(cotangent.leaves)) })
}

/// `vjp(at:of:)` for a function of a tensor, so closures need no type annotations.
public func vjp(at x: Tensor, of f: (Tensor) -> Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  let (outputs, pullback) = reverseFlat("vjp(at:of:)", at: [x]) { [f($0[0])] }
  return (outputs[0], { pullback([$0])[0] })
}
