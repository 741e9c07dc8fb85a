/// Records `primitive`, evaluated on concrete `inputs` to `outputs`, on the eager tape when
/// gradients are enabled and an input requires them; returns the outputs, carrying tape state
/// when recorded. (Generic, so that the primitive is boxed only when it is recorded.)
func recordOnTape(_ primitive: some Primitive, _ inputs: [Tensor], _ outputs: [Tensor]) -> [Tensor] {
  guard inputs.contains(where: { $0.handle.autograd?.requiresGrad == true }) else { return outputs }
  let context = ThreadContext.current
  guard context.isGradEnabled else { return outputs }
  let kept = residuals(of: primitive, inputs: inputs, outputs: outputs)
  let node = GradientFunction(primitive: primitive, inputs: inputs, savedInputs: kept.inputs, savedOutputs: kept.outputs)
  if context.isAnomalyDetectionEnabled { node.forwardCallSite = currentCallStack() }
  let results = outputs.enumerated().map { index, output -> Tensor in
    guard output.dtype.isFloatingPoint else { return output }
    return output.withAutograd(AutogradState(requiresGrad: true, gradientFunction: node, outputIndex: index))
  }
  node.outputStates = results.map { GradientFunction.Weak(state: $0.handle.autograd) }
  return results
}

extension Tensor {
  /// The same value (sharing storage) with the given tape state, or with none.
  func withAutograd(_ state: AutogradState?) -> Tensor {
    let copy = Tensor(shape: shape, dtype: dtype, payload: payload)
    if let state { copy.handle.installAutograd(state) }
    return copy
  }

  /// Whether no input of an eager operation needs the tape (the fast path's condition).
  var isUntracked: Bool { handle.autograd == nil }
}
