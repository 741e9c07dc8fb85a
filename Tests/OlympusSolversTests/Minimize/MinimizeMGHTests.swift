import OlympusCore
import OlympusSolvers
import Testing

/// Every method from the standard starts of the Moré–Garbow–Hillstrom problems, with the default
/// options (‖∇f‖₂ ≤ 1e-8).
///
/// Tolerance basis: the loss must come within 1e-8 of a minimum the paper lists (relative for the
/// non-zero local minimum of Freudenstein–Roth); near a minimum with a nonsingular Hessian `H`,
/// `f − f* ≈ ½ gᵀH⁻¹g`, which is below 1e-8 for ‖g‖ ≤ 1e-8 unless ‖H⁻¹‖ exceeds 10⁸ (Powell badly
/// scaled comes closest). Where the minimizer is unique and the Hessian nonsingular there, the
/// parameters must be within 1e-4 relative of it: `‖x − x*‖ ≤ ‖H⁻¹‖·‖g‖` with ‖H⁻¹‖ ≤ 10⁴ on
/// these problems. Powell singular's Hessian is singular at its minimum (the error in x goes as
/// f^¼), so only the loss is checked there.
///
/// Steepest descent (`.gradientDescent`) is left out on the two problems whose Hessian is singular
/// or nearly so at the minimum, Powell singular and Powell badly scaled: its convergence there is
/// sublinear, and after the default 10 000 iterations it stands at f ≈ 6e-9 with ‖∇f‖ ≈ 3e-6 and
/// f ≈ 8e-8 with ‖∇f‖ ≈ 2e-7 respectively, short of the gradient tolerance; a test of its own
/// gives it a larger budget and checks the loss alone.
@Suite struct MinimizeMGHTests {
  static let cases: [(MinimizeMethod, MGHProblem)] = MinimizeMethod.allCases.flatMap { method in
    MGHProblem.small.filter { method != .gradientDescent || ![3, 13].contains($0.number) }.map { (method, $0) }
  }

  @Test(arguments: cases)
  func reachesAKnownMinimum(_ method: MinimizeMethod, _ problem: MGHProblem) {
    let result = minimize(problem.objective, initial: problem.startTensor, method: method)
    #expect(result.converged, "\(result.reason)")
    let reached = problem.minima.first { abs(result.value - $0.value) <= 1e-8 * max(1, $0.value) }
    #expect(reached != nil, "f = \(result.value), ‖∇f‖ = \(result.gradientNorm) after \(result.iterations) iterations")
    if let point = reached?.point, problem.number != 13 {
      let error = relativeError(result.parameters, Tensor(point))
      #expect(error <= 1e-4, "x = \(result.parameters.scalars(as: Double.self))")
    }
  }

  /// Steepest descent on the two problems left out above. Its convergence there is sublinear, so
  /// the gradient test stays out of reach, but given 20 times the default budget the loss still
  /// comes within 1e-8 of the minimum (the same loss criterion as above), as the issue asks of
  /// every method.
  @Test(arguments: MGHProblem.small.filter { [3, 13].contains($0.number) })
  func gradientDescentReachesTheNearlySingularMinimaSlowly(_ problem: MGHProblem) {
    let options = MinimizeOptions(maxIterations: 200_000, maxEvaluations: 1_000_000)
    let result = minimize(problem.objective, initial: problem.startTensor, method: .gradientDescent, options: options)
    let reached = problem.minima.first { abs(result.value - $0.value) <= 1e-8 * max(1, $0.value) }
    #expect(reached != nil, "f = \(result.value), ‖∇f‖ = \(result.gradientNorm) after \(result.iterations) iterations")
  }

  /// Extended Rosenbrock with n = 10⁴: L-BFGS, Newton-CG (to ‖∇f‖ ≤ 1e-8, as the issue asks) and
  /// gradient descent reach x* = (1, …, 1) (1e-6 relative: ‖H⁻¹‖ ≤ 10² here, so ‖x − x*‖ ≤ 1e-6).
  @Test(arguments: [MinimizeMethod.lbfgs, .newtonCG, .gradientDescent])
  func extendedRosenbrockTenThousand(_ method: MinimizeMethod) {
    let problem = MGHProblem.extendedRosenbrock(10_000)
    let result = minimize(problem.objective, initial: problem.startTensor, method: method)
    #expect(result.converged, "\(result.reason)")
    #expect(result.gradientNorm <= 1e-8)
    #expect(relativeError(result.parameters, Tensor.ones([10_000], dtype: .float64)) <= 1e-6)
  }

  /// Dense BFGS keeps an n × n matrix: extended Rosenbrock with n = 100 (10⁴ would need 800 MB).
  @Test func extendedRosenbrockHundredByBFGS() {
    let problem = MGHProblem.extendedRosenbrock(100)
    let result = minimize(problem.objective, initial: problem.startTensor, method: .bfgs)
    #expect(result.converged, "\(result.reason)")
    #expect(result.value <= 1e-8)
    #expect(relativeError(result.parameters, Tensor.ones([100], dtype: .float64)) <= 1e-4)
  }
}
