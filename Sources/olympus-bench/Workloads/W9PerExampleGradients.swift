import Olympus

extension Workload {
  /// W9, per-example gradients of `l_i = sum((x_i W + b - y_i)²)` with respect to W [100, 10] and
  /// b [10] over a batch of 256 (X [256, 100], Y [256, 10]); outputs dW [256, 100, 10] and
  /// db [256, 10]. W, b, X, Y = det_uniform((100,10),16,0.25), (10,17,0.25), ((256,100),18,2.0),
  /// ((256,10),19,2.0).
  ///
  /// `olympus-vmap` batches the gradient with `vmap(inAxes: [nil, nil, 0, 0])`; `olympus-loop`
  /// calls the same gradient 256 times on `X[i]`, `Y[i]` and stacks the results; `olympus-jit-vmap`
  /// is the vmap under `jit`, as the peers' `jax-jit-vmap`.
  static let w9PerExampleGradients = Workload(name: "W9", summary: "per-example gradients, batch 256, vmap and loop") {
    context in
    let w = DeterministicInputs.uniformTensor([100, 10], seed: 16, scale: 0.25)
    let b = DeterministicInputs.uniformTensor([10], seed: 17, scale: 0.25)
    let xs = DeterministicInputs.uniformTensor([256, 100], seed: 18, scale: 2)
    let ys = DeterministicInputs.uniformTensor([256, 10], seed: 19, scale: 2)
    let exampleGradient = { (w: Tensor, b: Tensor, x: Tensor, y: Tensor) -> (Tensor, Tensor) in
      grad(of: { (w: Tensor, b: Tensor) -> Tensor in
        let residual = matmul(x, w) + b - y
        return (residual * residual).sum()
      })(w, b)
    }
    let perExample = vmap(inAxes: [nil, nil, 0, 0]) { (arguments: [Tensor]) -> [Tensor] in
      let (dW, db) = exampleGradient(arguments[0], arguments[1], arguments[2], arguments[3])
      return [dW, db]
    }
    let jittedPerExample = jit { (w: Tensor, b: Tensor, x: Tensor, y: Tensor) in perExample([w, b, x, y]) }
    let systems: [(system: String, note: String, call: () -> [Tensor])] = [
      ("olympus-vmap", "vmap(inAxes: [nil, nil, 0, 0], of: grad of the example loss w.r.t. (W, b))", {
        perExample([w, b, xs, ys])
      }),
      ("olympus-jit-vmap", "jit of the vmap above, W, b, X, Y as arguments", {
        jittedPerExample(w, b, xs, ys)
      }),
      ("olympus-loop", "Swift loop over 256 examples, X[i] indexing and stacked(_:) included", {
        let gradients = (0..<xs.shape[0]).map { exampleGradient(w, b, xs[$0], ys[$0]) }
        return [stacked(gradients.map(\.0)), stacked(gradients.map(\.1))]
      }),
    ]
    for entry in systems {
      let first = entry.system == "olympus-jit-vmap" ? firstCall(entry.call) : []
      context.measureCall(
        "W9", system: entry.system, plan: RepetitionPlan(maximumSeconds: entry.system == "olympus-loop" ? 20 : 30),
        extra: first + [("note", .string(entry.note))],
        describe: { (results: [Tensor]) in
          [
            ("check", .number(checksum(results))),
            ("shapes", .array(results.map { .array($0.shape.map { .integer($0) }) })),
          ]
        }, entry.call)
    }
  }
}
