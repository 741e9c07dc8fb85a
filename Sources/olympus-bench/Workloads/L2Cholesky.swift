import Olympus

extension Workload {
  /// L2, `Linalg.cholesky(A)`: A = B·Bᵀ/2000 + I, B = det_uniform((2000,2000), 42, 2.0), float64.
  static let l2Cholesky = Workload(name: "L2", summary: "Linalg.cholesky, float64 2000 × 2000") { context in
    let a = LinalgInputs.positiveDefinite(2000, seed: 42)
    context.measureCall("L2", plan: RepetitionPlan(minimumRepetitions: 20, minimumSeconds: 2)) { Linalg.cholesky(a) }
  }
}
