import Olympus

extension Workload {
  /// L3, `Linalg.svd(A)`: A = det_uniform((500,500), 43, 2.0), float64, reduced, with U and Vᵀ.
  static let l3SVD = Workload(name: "L3", summary: "Linalg.svd, float64 500 × 500, reduced, with U and Vᵀ") { context in
    let a = LinalgInputs.uniform([500, 500], seed: 43)
    context.measureCall("L3", plan: RepetitionPlan(minimumRepetitions: 5, minimumSeconds: 2)) { Linalg.svd(a).s }
  }
}
