import Olympus

extension Workload {
  /// L1, `Linalg.solve(A, b)`: A = det_uniform((1000,1000), 40, 2.0) + 1000·I, b =
  /// det_uniform(1000, 41, 2.0), float64.
  static let l1Solve = Workload(name: "L1", summary: "Linalg.solve, float64 1000 × 1000, one right-hand side") {
    context in
    let a = LinalgInputs.dominant([1000, 1000], seed: 40)
    let b = LinalgInputs.uniform([1000], seed: 41)
    context.measureCall("L1", plan: RepetitionPlan(minimumRepetitions: 20, minimumSeconds: 2)) { Linalg.solve(a, b) }
  }
}
