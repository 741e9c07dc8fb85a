import Olympus

extension Workload {
  /// L4, `Linalg.eigh(A)`: A = (B + Bᵀ)/2, B = det_uniform((1000,1000), 44, 2.0), float64, with
  /// eigenvectors.
  static let l4Eigh = Workload(name: "L4", summary: "Linalg.eigh, float64 1000 × 1000, with eigenvectors") { context in
    let b = LinalgInputs.uniform([1000, 1000], seed: 44)
    let a = (b + b.transposed()) / 2
    context.measureCall("L4", plan: RepetitionPlan(minimumRepetitions: 5, minimumSeconds: 2)) { Linalg.eigh(a).eigenvalues }
  }
}
