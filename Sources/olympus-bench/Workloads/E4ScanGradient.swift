import Olympus

extension Workload {
  /// E4, gradient through a loop: the weights' gradient of an RNN h ← tanh(W h + x_t) over 32 steps,
  /// h of 64, float32, summed final state; µs per call. The loop as one `scan` primitive (eager,
  /// and jitted), and unrolled in Swift (32 steps recorded one by one) for comparison.
  static let e4ScanGradient = Workload(
    name: "E4", summary: "grad of a 32-step RNN, h 64, float32: scan, jit, unrolled; µs per call"
  ) { context in
    let w = DeterministicInputs.uniformTensor([64, 64], seed: 41, scale: 0.2)
    let xs = DeterministicInputs.uniformTensor([32, 64, 1], seed: 42, scale: 1)
    let h0 = Tensor.zeros([64, 1])
    let scanned = grad(of: { (w: Tensor) in
      scan(initial: [h0], over: [xs]) { h, x in ([tanh(matmul(w, h[0]) + x[0])], []) }.carry[0].sum()
    })
    let unrolled = grad(of: { (w: Tensor) in
      var h = h0
      for t in 0..<32 { h = tanh(matmul(w, h) + xs[t]) }
      return h.sum()
    })
    let compiled = jit(scanned)
    context.measureCall("E4", system: "olympus-scan", perCallMicroseconds: true) { [scanned(w)] }
    context.measureCall("E4", system: "olympus-jit-scan", perCallMicroseconds: true) { [compiled(w)] }
    context.measureCall("E4", system: "olympus-unrolled", perCallMicroseconds: true) { [unrolled(w)] }
  }
}
