import OlympusCore
import OlympusSolvers
import Testing

/// Parameters of an exponential decay, as a tree.
struct Decay: TensorTree {
  var amplitude: Tensor
  var rate: Tensor
}

/// The Broyden tridiagonal function (Moré, Garbow and Hillstrom #30):
/// `F_i = (3 − 2x_i)·x_i − x_{i−1} − 2·x_{i+1} + 1`, with `x_0 = x_{n+1} = 0`.
func broydenTridiagonal(_ x: Tensor) -> Tensor {
  let n = x.shape[0]
  let padded = x.padded([(before: 1, after: 1)])
  return (3 - 2 * x) * x - padded[0..<n] - 2 * padded[2..<(n + 2)] + 1
}

/// Rosenbrock's function as residuals (Moré, Garbow and Hillstrom #1): minimum 0 at (1, 1).
func rosenbrock(_ x: Tensor) -> Tensor { stacked([10 * (x[1] - x[0].square()), 1 - x[0]]) }

/// `leastSquares` on problems with known solutions.
///
/// Tolerances: the solutions are exact (zero residual, or a minimum known in closed form), and the
/// default tolerances stop within float64 rounding of them; 1e-8 (absolute, on values of order 1)
/// leaves room for the conditioning of each problem (at most ~1e3 here), and a wrong step rule
/// misses by order 1 or stops early with `converged` false.
@Suite struct LeastSquaresTests {
  static let methods: [LeastSquaresMethod] = [.levenbergMarquardt, .dogleg, .gaussNewton]
  static let jacobians: [LeastSquaresJacobian] = [.dense, .matrixFree]

  @Test(arguments: methods, jacobians)
  func rosenbrockReachesItsMinimum(_ method: LeastSquaresMethod, _ jacobian: LeastSquaresJacobian) {
    var options = LeastSquaresOptions<Tensor>()
    options.jacobian = jacobian
    let fit = leastSquares(residuals: rosenbrock, initial: Tensor([-1.2, 1.0]), method: method, options: options)
    #expect(fit.converged, "\(fit.reason)")
    #expect(abs(fit.parameters - 1).max().item() <= 1e-8, "\(fit.parameters)")
    #expect(fit.cost <= 1e-20)
  }

  @Test func fitsTreesOfParameters() {
    let t = Tensor.linspace(0, 4, count: 20, dtype: .float64)
    let y = 2.5 * exp(-0.7 * t)
    var iterations: [Int] = []
    var options = LeastSquaresOptions<Decay>()
    options.callback = { iterations.append($0.iteration) }
    let fit = leastSquares(
      residuals: { (m: Decay) in m.amplitude * exp(-m.rate * t) - y },
      initial: Decay(amplitude: Tensor(1.0), rate: Tensor(0.1)), options: options)
    #expect(fit.converged, "\(fit.reason)")
    #expect(Swift.abs(fit.parameters.amplitude.item() - 2.5) <= 1e-8)
    #expect(Swift.abs(fit.parameters.rate.item() - 0.7) <= 1e-8)
    #expect(iterations == Array(1...fit.iterations))
    #expect(fit.residualEvaluations >= fit.iterations && fit.jacobianEvaluations >= 1)
  }

  /// A residual that is NaN beyond x = 2 (as `sqrt` of a negative number) and has its minimum at
  /// the edge of that region: every trial point past it is rejected and the result stays finite.
  @Test(arguments: methods)
  func nonFiniteResidualsAreRejected(_ method: LeastSquaresMethod) {
    let fit = leastSquares(residuals: { (x: Tensor) in sqrt(2 - x) + 0.1 * (x - 10) }, initial: Tensor([0.0]), method: method)
    #expect(fit.cost.isFinite && fit.parameters.item().isFinite)
    #expect(fit.parameters.item() <= 2)
  }

  /// The unconstrained minimum (3, −1) lies outside the box [0, 2] × [0, 2]; the bound-constrained
  /// minimum of this separable problem is the projection, (2, 0).
  @Test func boundsKeepIterationsInTheBox() {
    var options = LeastSquaresOptions<Tensor>()
    options.lowerBounds = Tensor([0.0, 0.0])
    options.upperBounds = Tensor([2.0, 2.0])
    let fit = leastSquares(residuals: { (x: Tensor) in x - Tensor([3.0, -1.0]) }, initial: Tensor([1.0, 1.0]), options: options)
    #expect(abs(fit.parameters - Tensor([2.0, 0.0])).max().item() <= 1e-8, "\(fit.parameters) \(fit.reason)")
  }

  /// Broyden's tridiagonal system, n = 1000, from x0 = −1, solved with Jacobian products only.
  @Test func matrixFreeSolvesTheBroydenTridiagonalSystem() {
    var options = LeastSquaresOptions<Tensor>()
    options.jacobian = .matrixFree
    let fit = leastSquares(residuals: broydenTridiagonal, initial: Tensor.full([1000], value: -1, dtype: .float64), options: options)
    let residualNorm = (2 * fit.cost).squareRoot()
    #expect(residualNorm <= 1e-10, "‖F‖ = \(residualNorm), \(fit.reason)")
  }

  /// float32 leaves stay float32 (the solver works in float64 on the raveled vector). Tolerance:
  /// the residuals are computed in float32, so the fitted values are within a few float32 ulps
  /// of the data's exact parameters, scaled by the conditioning (~10): 1e-5 relative.
  @Test func float32ParametersStayFloat32() {
    let t = Tensor.linspace(0, 4, count: 20, dtype: .float32)
    let y = 2.5 * exp(-0.7 * t)
    let fit = leastSquares(
      residuals: { (m: Decay) in m.amplitude * exp(-m.rate * t) - y },
      initial: Decay(amplitude: Tensor(Float(1)), rate: Tensor(Float(0.1))))
    #expect(fit.parameters.amplitude.dtype == .float32 && fit.parameters.rate.dtype == .float32)
    #expect(Swift.abs(fit.parameters.amplitude.item() - 2.5) <= 2.5e-5, "\(fit.parameters.amplitude) \(fit.reason)")
    #expect(Swift.abs(fit.parameters.rate.item() - 0.7) <= 0.7e-5, "\(fit.parameters.rate)")
  }

  /// More parameters than residuals: the dense path forms the Jacobian by reverse mode (`jacrev`)
  /// and, without scaling, every Gauss–Newton step (minimum-norm, possibly shortened to the trust
  /// radius) lies in the row space of `A`, so from 0 the iterates reach the minimum-norm solution
  /// `A⁺b` of this linear system. Tolerance 1e-10: SVD-based solves of a well-conditioned 3 × 6
  /// system in float64.
  @Test func underdeterminedSystemsReachTheMinimumNormSolution() {
    let a = Random.normal(Random.key(7), shape: [3, 6], dtype: .float64)
    let b = Tensor([1.0, -2.0, 0.5])
    var options = LeastSquaresOptions<Tensor>()
    options.scaling = .none
    let fit = leastSquares(
      residuals: { (x: Tensor) in matmul(a, x) - b }, initial: Tensor.zeros([6], dtype: .float64), method: .gaussNewton,
      options: options)
    #expect(fit.cost <= 1e-24, "\(fit.reason)")
    #expect(abs(fit.parameters - Linalg.lstsq(a, b)).max().item() <= 1e-10)
  }

  /// Staging the residuals, Jacobian and second derivative with `jit` (from the start, or after
  /// the first evaluation as the default does) changes no arithmetic that steers the iteration:
  /// the same evaluations, and parameters equal to within 1e-12 (fused elementwise loops may
  /// round differently in the last bits; the minimum is exact, (1, 1)).
  @Test(arguments: [LeastSquaresMethod.levenbergMarquardt, .dogleg], [LeastSquaresCompilation.jit, .automatic])
  func compiledRunsMatchEagerRuns(_ method: LeastSquaresMethod, _ compilation: LeastSquaresCompilation) {
    var options = LeastSquaresOptions<Tensor>()
    options.compile = .eager
    let eager = leastSquares(residuals: rosenbrock, initial: Tensor([-1.2, 1.0]), method: method, options: options)
    options.compile = compilation
    let compiled = leastSquares(residuals: rosenbrock, initial: Tensor([-1.2, 1.0]), method: method, options: options)
    #expect(compiled.converged && compiled.residualEvaluations == eager.residualEvaluations)
    #expect(abs(compiled.parameters - eager.parameters).max().item() <= 1e-12)
  }

  /// The default stages dense problems: the residual function's Swift code runs a handful of
  /// times (the first evaluation, then one trace each for the residuals, the Jacobian and the
  /// second derivative), not once per evaluation as it does eagerly (where every residual,
  /// Jacobian and second-derivative evaluation calls it).
  @Test func theDefaultStagesDenseProblems() {
    var calls = 0
    let counted = { (x: Tensor) -> Tensor in
      calls += 1
      return rosenbrock(x)
    }
    let staged = leastSquares(residuals: counted, initial: Tensor([-1.2, 1.0]))
    let stagedCalls = calls
    calls = 0
    var options = LeastSquaresOptions<Tensor>()
    options.compile = .eager
    let eager = leastSquares(residuals: counted, initial: Tensor([-1.2, 1.0]), options: options)
    #expect(staged.converged && staged.residualEvaluations > 5)
    #expect(stagedCalls <= 5, "\(stagedCalls) calls for \(staged.residualEvaluations) evaluations")
    #expect(calls >= eager.residualEvaluations + eager.jacobianEvaluations)
  }

  @Test func mismatchedBoundsAreRejected() {
    var options = LeastSquaresOptions<Tensor>()
    options.lowerBounds = Tensor([0.0])
    #expect(throws: OlympusError.self) {
      try withErrorChecking { leastSquares(residuals: rosenbrock, initial: Tensor([-1.2, 1.0]), options: options).parameters }
    }
  }
}
