import Olympus

extension Workload {
  /// S4, `minimize(method: .lbfgs)` (10 remembered steps) on the extended Rosenbrock function
  /// (Moré–Garbow–Hillstrom #21, `f = Σ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)²`), n = 10⁵, float64, from
  /// the standard start (−1.2, 1, …) to ‖∇f‖₂ ≤ 1e-6; also `.newtonCG` to the same tolerance.
  /// The peers (Benchmarks/peers/minimize_bench.py) run SciPy's `L-BFGS-B` and `Newton-CG` from the
  /// same start.
  static let s4ExtendedRosenbrock = Workload(
    name: "S4", summary: "minimize: L-BFGS and Newton-CG on extended Rosenbrock, n = 10^5, float64"
  ) { context in
    let n = 100_000
    let start = Tensor((0..<n).map { $0 % 2 == 0 ? -1.2 : 1.0 })
    let loss = { (x: Tensor) -> Tensor in
      let odd = x[.slice(0, nil, step: 2)]
      let even = x[.slice(1, nil, step: 2)]
      let valley = even - odd * odd
      let offset = 1 - odd
      return 100 * (valley * valley).sum() + (offset * offset).sum()
    }
    let options = MinimizeOptions(gradientTolerance: 1e-6)
    let plan = RepetitionPlan(warmup: 1, minimumRepetitions: 5, minimumSeconds: 2)
    for method in [MinimizeMethod.lbfgs, .newtonCG] {
      context.measureCall(
        "S4", system: method == .lbfgs ? "olympus-lbfgs" : "olympus-newton-cg", plan: plan,
        describe: { (result: MinimizeResult<Tensor>) in
          [
            ("value", .number(result.value)), ("gradient_norm", .number(result.gradientNorm)),
            ("iterations", .integer(result.iterations)), ("evaluations", .integer(result.evaluations)),
            ("hessian_products", .integer(result.hessianProducts)), ("converged", .bool(result.converged)),
          ]
        }
      ) { minimize(loss, initial: start, method: method, options: options) }
    }
  }
}
