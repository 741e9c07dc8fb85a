import Olympus

extension Workload {
  /// W6, Jacobian of `f(x) = tanh(W x)`, W = det_uniform((256,256), 7, 0.25), x = det_uniform(256,
  /// 8, 2.0) float32: the full 256 × 256 Jacobian by `jacfwd` and `jacrev` (each one batched pass
  /// under `vmap`) and by a loop of 256 pullback calls of one `vjp`, stacked; `olympus-jit-jacfwd` and
  /// `olympus-jit-jacrev` are the first two under `jit`, with W an argument.
  ///
  /// W is a constant captured by the closure (`jacfwd`/`jacrev` differentiate functions of one
  /// tensor); the JAX peers pass it as an argument (`argnums=1`), torch.func captures it too.
  static let w6Jacobian = Workload(name: "W6", summary: "Jacobian of tanh(W x), W 256 × 256, float32") { context in
    let w = DeterministicInputs.uniformTensor([256, 256], seed: 7, scale: 0.25)
    let x = DeterministicInputs.uniformTensor([256], seed: 8, scale: 2)
    let f = { (x: Tensor) in tanh(matmul(w, x)) }
    let note = JSONValue.string("W is a constant captured by the closure, not an argument (an argument under jit)")
    let jacobianByForwardMode = jacfwd(of: f)
    let jacobianByReverseMode = jacrev(of: f)
    let systems: [(system: String, api: String, call: () -> Tensor)] = [
      ("olympus-jacfwd", "jacfwd(of: f)(x): JVPs along the basis in one pass under vmap", { jacobianByForwardMode(x) }),
      ("olympus-jacrev", "jacrev(of: f)(x): the pullback of the basis in one pass under vmap", {
        jacobianByReverseMode(x)
      }),
      ("olympus-jacrev-loop", "vjp(at: x, of: f) once, then 256 pullback calls on eye(256)[i], stacked", {
        let (y, pullback) = vjp(at: x, of: f)
        let basis = Tensor.eye(y.elementCount, dtype: y.dtype)
        return stacked((0..<y.elementCount).map { pullback(basis[$0]) })
      }),
    ]
    // Under jit W is an argument, as in the peers' jax-jit (a captured W would be folded into the
    // graph: W times the basis is constant).
    let jitted: [(system: String, api: String, call: (Tensor, Tensor) -> Tensor)] = [
      ("olympus-jit-jacfwd", "jit { w, x in jacfwd(of: { x in tanh(matmul(w, x)) })(x) }(W, x)", jit { (w: Tensor, x: Tensor) in
        jacfwd(of: { x in tanh(matmul(w, x)) })(x)
      }),
      ("olympus-jit-jacrev", "jit { w, x in jacrev(of: { x in tanh(matmul(w, x)) })(x) }(W, x)", jit { (w: Tensor, x: Tensor) in
        jacrev(of: { x in tanh(matmul(w, x)) })(x)
      }),
    ]
    for entry in systems + jitted.map({ entry in (entry.system, entry.api, { entry.call(w, x) }) }) {
      let first = entry.system.hasPrefix("olympus-jit") ? firstCall(entry.call) : []
      context.measureCall(
        "W6", system: entry.system, extra: first + [("api", .string(entry.api)), ("W", note)],
        describe: { (jacobian: Tensor) in
          [("check", .number(checksum(jacobian))), ("shape", .array(jacobian.shape.map { .integer($0) }))]
        }, entry.call)
    }
  }
}
