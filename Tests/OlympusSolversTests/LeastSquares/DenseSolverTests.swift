import OlympusCore
import OlympusSolvers
import Testing

/// The two ways of finding a dense Jacobian's spectrum (`LeastSquaresDenseSolver`) give the same
/// steps.
///
/// Problems: `r(θ) = tanh(A·θ/10) − tanh(A·θ*/10)` with standard normal `A` (tall, so `κ(A)` is a
/// few units) and `θ*`, from θ = 0; the minimum is θ* with zero cost.
@Suite struct DenseSolverTests {
  static let methods: [LeastSquaresMethod] = [.levenbergMarquardt, .dogleg, .gaussNewton]

  static func problem(_ seed: Int, rows: Int, columns: Int) -> (residuals: (Tensor) -> Tensor, solution: Tensor) {
    let a = normal(seed, [rows, columns])
    let solution = normal(seed + 1000, [columns])
    let target = tanh(matmul(a, solution) / 10)
    return ({ tanh(matmul(a, $0) / 10) - target }, solution)
  }

  static func fit(
    _ residuals: @escaping (Tensor) -> Tensor, columns: Int, _ method: LeastSquaresMethod,
    _ solver: LeastSquaresDenseSolver, maxEvaluations: Int? = nil
  ) -> LeastSquaresResult<Tensor> {
    var options = LeastSquaresOptions<Tensor>()
    options.denseSolver = solver
    options.maxEvaluations = maxEvaluations
    return leastSquares(residuals: residuals, initial: Tensor.zeros([columns], dtype: .float64), method: method, options: options)
  }

  /// The iterates after one, two and three trial steps agree to 1e-10 relative on 5 random
  /// problems per method: the normal equations' eigenpairs differ from the decomposition's by
  /// about κ(J̃)²·ε ≈ 1e-14 here (κ(J̃) < 10 for a 60 × 6 normal matrix scaled by tanh' ≥ 0.5),
  /// and a wrong coordinate map or a misordered basis moves a step by order 1.
  @Test(arguments: methods)
  func normalEquationsTakeTheDecompositionsSteps(_ method: LeastSquaresMethod) {
    for seed in 0..<5 {
      let (residuals, _) = Self.problem(seed, rows: 60, columns: 6)
      for evaluations in 2...4 {
        let svd = Self.fit(residuals, columns: 6, method, .singularValueDecomposition, maxEvaluations: evaluations)
        let gram = Self.fit(residuals, columns: 6, method, .normalEquations, maxEvaluations: evaluations)
        let difference = abs(gram.parameters - svd.parameters).max().item() / abs(svd.parameters).max().item()
        #expect(difference <= 1e-10, "seed \(seed), \(evaluations) evaluations: \(gram.parameters) vs \(svd.parameters)")
      }
    }
  }

  /// Both reach θ* (to 1e-10: the residuals vanish there and the problem is well conditioned)
  /// with the same number of evaluations to within one: the last one can differ, as the stopping
  /// tests then compare cost reductions at rounding level.
  @Test(arguments: methods)
  func normalEquationsReachTheSolution(_ method: LeastSquaresMethod) {
    for seed in 0..<5 {
      let (residuals, solution) = Self.problem(seed, rows: 60, columns: 6)
      let svd = Self.fit(residuals, columns: 6, method, .singularValueDecomposition)
      let gram = Self.fit(residuals, columns: 6, method, .normalEquations)
      #expect(gram.converged, "\(gram.reason)")
      #expect(abs(gram.parameters - solution).max().item() <= 1e-10, "seed \(seed): \(gram.parameters)")
      #expect(abs(gram.residualEvaluations - svd.residualEvaluations) <= 1)
    }
  }

  /// The automatic choice on a Jacobian large enough for the normal equations (2,500 × 20,
  /// m·n² = 10⁶): steps agree with the decomposition's as above.
  @Test func automaticUsesTheNormalEquationsOnLargeWellConditionedProblems() {
    let (residuals, solution) = Self.problem(11, rows: 2500, columns: 20)
    for evaluations in [2, 3] {
      let svd = Self.fit(residuals, columns: 20, .levenbergMarquardt, .singularValueDecomposition, maxEvaluations: evaluations)
      let automatic = Self.fit(residuals, columns: 20, .levenbergMarquardt, .automatic, maxEvaluations: evaluations)
      #expect(abs(automatic.parameters - svd.parameters).max().item() <= 1e-10 * abs(svd.parameters).max().item())
    }
    let fit = Self.fit(residuals, columns: 20, .levenbergMarquardt, .automatic)
    #expect(fit.converged && abs(fit.parameters - solution).max().item() <= 1e-10, "\(fit.reason)")
  }

  /// Two columns equal to within 1e-5 make κ(J̃)² ≈ 10¹⁰, past the automatic choice's limit of 10⁶:
  /// it must then take the decomposition's steps exactly (the normal equations would lose about
  /// 10⁻⁶ of every step's accuracy, so any use of them shows as a difference).
  @Test func automaticFallsBackToTheDecompositionWhenIllConditioned() {
    let base = normal(21, [2500, 20])
    let nearCopy = base[0..., 0] + 1e-5 * normal(22, [2500])
    let a = concatenated([base[0..., 0..<19], nearCopy.reshaped(to: [2500, 1])], axis: 1)
    let target = tanh(matmul(a, normal(23, [20])) / 10)
    let residuals = { (theta: Tensor) in tanh(matmul(a, theta) / 10) - target }
    let svd = Self.fit(residuals, columns: 20, .levenbergMarquardt, .singularValueDecomposition, maxEvaluations: 4)
    let automatic = Self.fit(residuals, columns: 20, .levenbergMarquardt, .automatic, maxEvaluations: 4)
    #expect(automatic.parameters.scalars(as: Double.self) == svd.parameters.scalars(as: Double.self))
  }

  /// A rank-deficient Jacobian (a column repeated): eigenvalues of the Gram matrix at rounding
  /// level count as zero, so Gauss–Newton steps stay finite and the consistent linear system is
  /// solved (cost at rounding level of residuals of order 1: ≤ 1e-20).
  @Test func normalEquationsHandleRankDeficientJacobians() {
    let base = normal(31, [40, 4])
    let a = concatenated([base, base[0..., 0..<1]], axis: 1)
    let b = matmul(a, normal(32, [5]))
    let fit = Self.fit({ matmul(a, $0) - b }, columns: 5, .gaussNewton, .normalEquations)
    #expect(fit.converged, "\(fit.reason)")
    #expect(fit.cost <= 1e-20, "\(fit.cost)")
  }
}
