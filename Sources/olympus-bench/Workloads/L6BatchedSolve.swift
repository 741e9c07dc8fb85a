import Olympus

extension Workload {
  /// L6, 10⁴ systems of order 4 by `vmap(Linalg.solve)`: A = det_uniform((10000,4,4), 46, 2.0) +
  /// 4·I, b = det_uniform((10000,4), 47, 2.0), float64; eager and under `jit`.
  static let l6BatchedSolve = Workload(name: "L6", summary: "vmap of Linalg.solve over 10⁴ 4 × 4 systems, float64") {
    context in
    let a = LinalgInputs.dominant([10000, 4, 4], seed: 46)
    let b = LinalgInputs.uniform([10000, 4], seed: 47)
    let batched = vmap(inAxes: [0, 0], of: { (a: Tensor, b: Tensor) in Linalg.solve(a, b) })
    let jitted = jit { (a: Tensor, b: Tensor) in batched(a, b) }
    context.measureCall("L6", system: "olympus-vmap", plan: RepetitionPlan(minimumRepetitions: 20, minimumSeconds: 2)) {
      batched(a, b)
    }
    context.measureCall(
      "L6", system: "olympus-jit-vmap", plan: RepetitionPlan(minimumRepetitions: 20, minimumSeconds: 2)
    ) { jitted(a, b) }
  }
}
