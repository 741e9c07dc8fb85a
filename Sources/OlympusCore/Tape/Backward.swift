extension Tensor {
  /// Computes the gradients of this tensor with respect to the leaves that require them and adds
  /// them into their `grad` (PyTorch's `backward`).
  ///
  /// - Parameters:
  ///   - gradient: The gradient of some scalar with respect to this tensor (the vector of the
  ///     vector–Jacobian product); may be omitted for a one-element tensor, where it is 1.
  ///   - retainGraph: Keeps the recorded tensors so the graph can be walked again; otherwise they
  ///     are freed and a second backward pass through the graph is rejected.
  ///   - createGraph: Records the backward pass itself, so the gradients can be differentiated
  ///     again (a Hessian–vector product by two backward passes).
  public func backward(gradient: Tensor? = nil, retainGraph: Bool = false, createGraph: Bool = false) {
    guard let seed = backwardSeed(gradient, "backward(gradient:)") else { return }
    _ = backwardOnTape(
      roots: [(self, seed)], targets: [], accumulate: true, retainGraph: retainGraph || createGraph,
      createGraph: createGraph)
  }

  /// The seed gradient of a backward pass from this tensor, or `nil` after a rejection.
  func backwardSeed(_ gradient: Tensor?, _ operation: String) -> Tensor? {
    guard let state = handle.autograd, state.requiresGrad else {
      _ = reject(OlympusError(operation, "the tensor \(type) does not require gradients and has no gradFn"))
      return nil
    }
    _ = state
    guard let gradient else {
      guard elementCount == 1 else {
        _ = reject(
          OlympusError(operation, "a gradient is needed for the non-scalar \(type) (pass gradient:, as for a VJP)"))
        return nil
      }
      return Tensor.ones(shape, dtype: dtype)
    }
    guard gradient.shape == shape else {
      _ = reject(OlympusError(operation, "gradient \(gradient.type) does not match the tensor \(type)"))
      return nil
    }
    return gradient.astype(dtype).detached()
  }
}

/// The gradients of `outputs` (weighted by `cotangents`, ones for one-element outputs when `nil`)
/// with respect to any tensors on the tape, intermediate ones included, without touching `grad`
/// (PyTorch's `torch.autograd.grad`, TensorFlow's `tf.gradients` with `grad_ys`).
///
/// A tensor the outputs do not depend on gets `nil`.
///
/// ```swift
/// let h = exp(f1)                      // f1 = x * x, x.requiresGrad = true
/// let loss = ((h - y) * (h - y)).sum()
/// let grads = gradients(of: [loss], wrt: [h, f1, x])
/// ```
public func gradients(
  of outputs: [Tensor], wrt inputs: [Tensor], cotangents: [Tensor]? = nil, retainGraph: Bool = false,
  createGraph: Bool = false
) -> [Tensor?] {
  if let cotangents, cotangents.count != outputs.count {
    _ = reject(OlympusError("gradients(of:wrt:)", "\(cotangents.count) cotangents for \(outputs.count) outputs"))
    return inputs.map { _ in nil }
  }
  var roots: [(Tensor, Tensor)] = []
  for (index, output) in outputs.enumerated() {
    guard let seed = output.backwardSeed(cotangents?[index], "gradients(of:wrt:)") else { return inputs.map { _ in nil } }
    roots.append((output, seed))
  }
  for input in inputs where input.handle.autograd?.requiresGrad != true {
    _ = reject(OlympusError("gradients(of:wrt:)", "a tensor \(input.type) in wrt does not require gradients"))
    return inputs.map { _ in nil }
  }
  return backwardOnTape(
    roots: roots, targets: inputs, accumulate: false, retainGraph: retainGraph || createGraph, createGraph: createGraph)
}

/// The tape's front end of the one backward walker: seeds the nodes that produced `roots`, and
/// returns the gradient reaching each of `targets`.
private func backwardOnTape(
  roots: [(Tensor, Tensor)], targets: [Tensor], accumulate: Bool, retainGraph: Bool, createGraph: Bool
) -> [Tensor?] {
  func node(of tensor: Tensor) -> (node: GradientFunction, outputIndex: Int)? {
    guard let state = tensor.handle.autograd, state.requiresGrad else { return nil }
    if let producer = state.gradientFunction { return (producer, state.outputIndex) }
    return (state.accumulateNode(), 0)
  }
  var seeds: [(node: GradientFunction, outputIndex: Int, cotangent: Tensor)] = []
  for (tensor, seed) in roots {
    if let (root, index) = node(of: tensor) { seeds.append((root, index, seed)) }
  }
  let options = BackwardOptions(
    accumulatesGradients: accumulate, releasesSavedValues: !retainGraph, recordsOnTape: createGraph,
    detectsAnomalies: ThreadContext.current.isAnomalyDetectionEnabled)
  return backpropagate(seeds: seeds, targets: targets.map(node(of:)), options: options)
}
