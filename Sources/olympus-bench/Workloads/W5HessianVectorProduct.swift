import Olympus

extension Workload {
  /// W5, Hessian–vector product of `f(X) = sum(tanh(X)²)`, X, V = det_uniform((1000,1000), 5 / 6,
  /// 2.0) float32, by the three compositions of forward and reverse mode (none exploits that the
  /// Hessian is diagonal here), eagerly and under `jit` (`olympus-jit-…`, functions of X and V as
  /// the peers' `jax-jit-…`).
  static let w5HessianVectorProduct = Workload(
    name: "W5", summary: "Hessian-vector product of sum(tanh(X)²), float32 1000 × 1000, three compositions"
  ) { context in
    let x = DeterministicInputs.uniformTensor([1000, 1000], seed: 5, scale: 2)
    let v = DeterministicInputs.uniformTensor([1000, 1000], seed: 6, scale: 2)
    let f = { (x: Tensor) in pow(tanh(x), 2).sum() }
    let compositions: [(system: String, api: String, call: () -> Tensor)] = [
      ("olympus-fwd-over-rev", "hvp(at: X, along: V, of: f) = jvp(at: X, along: V, of: grad(of: f)).tangent", {
        hvp(at: x, along: v, of: f)
      }),
      ("olympus-rev-over-fwd", "grad(of: { x in jvp(at: x, along: V, of: f).tangent })(X)", {
        grad(of: { x in jvp(at: x, along: v, of: f).tangent })(x)
      }),
      ("olympus-rev-over-rev", "grad(of: { x in (grad(of: f)(x) * V).sum() })(X)", {
        grad(of: { x in (grad(of: f)(x) * v).sum() })(x)
      }),
    ]
    for composition in compositions {
      context.measureCall(
        "W5", system: composition.system, extra: [("api", .string(composition.api))], composition.call)
    }
    // The peers' jax-jit-fwd-over-rev …: each composition jitted as a function of X and V.
    let jitted: [(system: String, call: (Tensor, Tensor) -> Tensor)] = [
      ("olympus-jit-fwd-over-rev", jit { (x: Tensor, v: Tensor) in hvp(at: x, along: v, of: f) }),
      ("olympus-jit-rev-over-fwd", jit { (x: Tensor, v: Tensor) in grad(of: { x in jvp(at: x, along: v, of: f).tangent })(x) }),
      ("olympus-jit-rev-over-rev", jit { (x: Tensor, v: Tensor) in grad(of: { x in (grad(of: f)(x) * v).sum() })(x) }),
    ]
    for entry in jitted {
      let first = firstCall { entry.call(x, v) }
      context.measureCall("W5", system: entry.system, extra: first) { entry.call(x, v) }
    }
  }
}
