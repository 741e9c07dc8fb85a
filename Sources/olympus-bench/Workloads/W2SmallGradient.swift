import Olympus

extension Workload {
  /// W2, small gradient: `grad(of: { x in pow(tanh(x), 2).sum() })(x)`, x = det_uniform(1000,
  /// 3, 2.0) float32; µs per call. The gradient function is built once, as the peers build
  /// `jax.grad(f)` once. `olympus-jit` is `jit(grad(of: f))`, as the peers' `jax-jit`.
  static let w2SmallGradient = Workload(name: "W2", summary: "grad of sum(tanh(x)²), float32 [1000], µs per call") {
    context in
    let x = DeterministicInputs.uniformTensor([1000], seed: 3, scale: 2)
    let f = { (x: Tensor) in pow(tanh(x), 2).sum() }
    let gradient = grad(of: f)
    context.measureCall("W2", perCallMicroseconds: true) { gradient(x) }

    // jax.jit(jax.grad(f)): staged once (first_call_ms), then replayed.
    let jitted = jit(grad(of: f))
    let first = firstCall { jitted(x) }
    context.measureCall("W2", system: "olympus-jit", extra: first, perCallMicroseconds: true) { jitted(x) }

    // On the eager tape, as PyTorch's `torch-backward`: clear the leaf's gradient, backward, read it.
    let leaf = x.requiringGrad()
    context.measureCall("W2", system: "olympus-tape", perCallMicroseconds: true) { () -> Tensor in
      leaf.grad = nil
      let t = tanh(leaf)
      pow(t, 2).sum().backward()
      return leaf.grad!
    }
  }
}
