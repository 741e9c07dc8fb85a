import Olympus

extension Workload {
  /// L5, the gradient of `Linalg.slogdet(A).logAbsDet` (A⁻ᵀ): A = det_uniform((500,500), 45, 2.0)
  /// + 500·I, float64, eager `grad`.
  static let l5SlogdetGradient = Workload(name: "L5", summary: "grad of slogdet, float64 500 × 500") { context in
    let a = LinalgInputs.dominant([500, 500], seed: 45)
    let gradient = grad(of: { Linalg.slogdet($0).logAbsDet })
    context.measureCall("L5", plan: RepetitionPlan(minimumRepetitions: 20, minimumSeconds: 2)) { gradient(a) }
  }
}
