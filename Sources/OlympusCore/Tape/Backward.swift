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
    _ = TapeEngine.run(
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
  return TapeEngine.run(
    roots: roots, targets: inputs, accumulate: false, retainGraph: retainGraph || createGraph, createGraph: createGraph)
}

/// `hooked`, the gradient hooks made of `gradient`, when it has the same type; otherwise rejected
/// (a hook must not change a gradient's shape or element type, as in PyTorch).
private func checkedHookResult(_ hooked: Tensor, replacing gradient: Tensor) -> Tensor {
  guard hooked.type == gradient.type || hooked.isFailed else {
    return reject(
      OlympusError("registerHook(_:)", "a hook returned a gradient \(hooked.type) in place of \(gradient.type)"))
  }
  return hooked
}

/// The tape's backward pass.
enum TapeEngine {
  /// Walks the nodes reachable from `roots` in reverse creation order, applying VJP rules and
  /// hooks, accumulating into leaves' `grad` when `accumulate`, and returns the gradient reaching
  /// each of `targets`.
  static func run(
    roots: [(Tensor, Tensor)], targets: [Tensor], accumulate: Bool, retainGraph: Bool, createGraph: Bool
  ) -> [Tensor?] {
    func node(of tensor: Tensor) -> (GradientFunction, Int)? {
      guard let state = tensor.handle.autograd, state.requiresGrad else { return nil }
      if let producer = state.gradientFunction { return (producer, state.outputIndex) }
      return (state.accumulateNode(), 0)
    }
    var pending = roots.compactMap { node(of: $0.0)?.0 }
    var seen = Set(pending.map(ObjectIdentifier.init))
    var order: [GradientFunction] = []
    while let current = pending.popLast() {
      order.append(current)
      for case let edge? in current.edges where seen.insert(ObjectIdentifier(edge.node)).inserted {
        pending.append(edge.node)
      }
    }
    order.sort { $0.sequence > $1.sequence }

    var slots: [ObjectIdentifier: [Tensor?]] = [:]
    func add(_ gradient: Tensor, to node: GradientFunction, _ index: Int) {
      let key = ObjectIdentifier(node)
      var current = slots[key] ?? nils(Swift.max(node.outputCount, 1))
      current[index] = addTangents(current[index], gradient)
      slots[key] = current
    }
    for (tensor, seed) in roots {
      if let (root, index) = node(of: tensor) { add(seed, to: root, index) }
    }
    let targetKeys = targets.map { node(of: $0).map { (ObjectIdentifier($0.0), $0.1) } }
    var captured: [Tensor?] = nils(targets.count)
    func capture(_ gradient: Tensor, _ node: GradientFunction, _ index: Int) {
      for (position, key) in targetKeys.enumerated() where key?.0 == ObjectIdentifier(node) && key?.1 == index {
        captured[position] = addTangents(captured[position], gradient)
      }
    }

    // Gradients for `grad` are added only once the whole pass has succeeded: a pass rejected
    // halfway (a hook's gradient of the wrong shape, a NaN under anomaly detection) leaves every
    // `grad` as it was, so it cannot change a later result.
    var accumulations: [(state: AutogradState, gradient: Tensor, isLeaf: Bool)] = []
    let isAnomalyDetectionEnabled = ThreadContext.current.isAnomalyDetectionEnabled
    let (_, rejected) = detectingRejection {
      withGradientMode(createGraph) {
        for current in order {
          guard var gradients = slots.removeValue(forKey: ObjectIdentifier(current)) else { continue }
          switch current.kind {
          case .accumulate(let leaf):
            guard let gradient = gradients[0], let state = leaf.state else { continue }
            let hooked = checkedHookResult(state.applyHooks(gradient), replacing: gradient)
            capture(hooked, current, 0)
            if accumulate { accumulations.append((state, hooked, true)) }
          case .primitive(let primitive):
            for (index, gradient) in gradients.enumerated() {
              guard let gradient else { continue }
              let hooks = current.hooks(forOutput: index)
              let hooked = checkedHookResult(hooks.reduce(gradient) { value, hook in hook(value) ?? value }, replacing: gradient)
              gradients[index] = hooked
              if accumulate, let state = current.outputStates[index].state, state.retainsGrad {
                accumulations.append((state, hooked, false))
              }
            }
            for (index, gradient) in gradients.enumerated() {
              if let gradient { capture(gradient, current, index) }
            }
            guard gradients.contains(where: { $0 != nil }) else { continue }
            guard let saved = current.takeSaved(releasing: !retainGraph) else {
              _ = reject(
                OlympusError(
                  "backward", "trying to walk the graph through \(current.name) a second time after its saved tensors "
                    + "were freed; pass retainGraph: true to the first backward pass"))
              return
            }
            let outputs =
              createGraph
              ? saved.outputs.enumerated().map { index, output in
                output.withAutograd(AutogradState(requiresGrad: true, gradientFunction: current, outputIndex: index))
              } : saved.outputs
            let inputGradients = primitive.vjp(
              primals: saved.inputs, outputs: outputs, cotangents: gradients, needed: neededInputs(current.edges))
            if isAnomalyDetectionEnabled {
              for (index, gradient) in inputGradients.enumerated() {
                guard let gradient, gradient.dtype.isFloatingPoint, !isFinite(gradient).all().item(as: Bool.self) else {
                  continue
                }
                _ = reject(
                  OlympusError(
                    "backward", "\(current.name) returned a NaN or infinite gradient for its input \(index)"
                      + (current.forwardCallSite.map { "; its forward operation was called from:\n\($0)" } ?? "")))
                return
              }
            }
            for (edge, gradient) in zip(current.edges, inputGradients) {
              if let edge, let gradient { add(gradient, to: edge.node, edge.index) }
            }
          }
        }
      }
    }
    guard !rejected else { return nils(targets.count) }
    withGradientMode(createGraph) {
      for (state, gradient, isLeaf) in accumulations { state.accumulate(gradient, runsHooks: isLeaf) }
    }
    return captured
  }
}
