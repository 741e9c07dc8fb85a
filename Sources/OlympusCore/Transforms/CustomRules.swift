/// A function with a hand-written reverse-mode rule (JAX's `custom_vjp`, PyTorch's
/// `autograd.Function`), honoured by every transformation.
///
/// `backward` receives the inputs, the outputs (what PyTorch's `save_for_backward` would keep) and
/// the outputs' cotangents, and returns the inputs' cotangents. Write it with Olympus operations so
/// that it can be differentiated again. Forward mode differentiates `forward` itself.
///
/// ```swift
/// // Seed 001's Exp: the backward pass reuses the saved output.
/// let exp = customVJP(named: "exp", { x in [Olympus.exp(x[0])] }, backward: { inputs, outputs, cotangents in
///   [cotangents[0] * outputs[0]]
/// })
/// ```
public func customVJP(
  named name: String = "function", _ forward: @escaping ([Tensor]) -> [Tensor],
  backward: @escaping (_ inputs: [Tensor], _ outputs: [Tensor], _ cotangents: [Tensor]) -> [Tensor]
) -> ([Tensor]) -> [Tensor] {
  customFunction(CustomFunction.Rules(name: name, implementation: forward, jvp: nil, vjp: backward))
}

/// A function with a hand-written forward-mode rule (JAX's `custom_jvp`), honoured by every
/// transformation.
///
/// `jvp` receives the inputs, the outputs and the inputs' tangents, and returns the outputs'
/// tangents. Reverse mode differentiates `forward` itself.
public func customJVP(
  named name: String = "function", _ forward: @escaping ([Tensor]) -> [Tensor],
  jvp: @escaping (_ inputs: [Tensor], _ outputs: [Tensor], _ tangents: [Tensor]) -> [Tensor]
) -> ([Tensor]) -> [Tensor] {
  customFunction(CustomFunction.Rules(name: name, implementation: forward, jvp: jvp, vjp: nil))
}

private func customFunction(_ rules: CustomFunction.Rules) -> ([Tensor]) -> [Tensor] {
  { inputs in
    // With no transformation following the inputs and nothing to record on the tape, there is
    // nothing to differentiate.
    if inputs.allSatisfy({ $0.isConcrete && $0.isUntracked }) { return rules.implementation(inputs) }
    let types = typesOfImplementation(rules, inputs)
    return bind(CustomFunction(rules: rules, resultTypes: types), inputs)
  }
}

/// The output types of a custom function's implementation at `inputs`, found by running it on the
/// values behind the tracers (a second run of the implementation, paid only under a
/// transformation).
private func typesOfImplementation(_ rules: CustomFunction.Rules, _ inputs: [Tensor]) -> [TensorType] {
  rules.implementation(inputs.map(primalValue)).map(\.type)
}

/// The innermost concrete value behind a tensor, or the tensor itself when no differentiation
/// interpreter follows it.
func primalValue(_ x: Tensor) -> Tensor {
  guard let tracer = x.handle.tracer else { return x }
  if let forward = tracer as? JVPInterpreter.Tracer { return primalValue(forward.primal) }
  if let reverse = x.handle.tracedPrimal { return primalValue(reverse) }
  return x
}
