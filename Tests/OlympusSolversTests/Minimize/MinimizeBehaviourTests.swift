import OlympusCore
import OlympusSolvers
import Testing

/// What `minimize` promises beyond reaching minima: refusing non-finite trial points, trees of
/// parameters, progress reports, and clear rejections.
@Suite struct MinimizeBehaviourTests {
  /// `Σ √(1 + (x − 3.9)²)` (minimum at 3.9), NaN beyond 4 through `0·√(4 − x)`. From 3.5 the
  /// line-search methods' first trial (unit length along −∇f) lands at 4.5; from 0 Newton's first
  /// step for this pseudo-Huber loss is 63 long and the trust radius is 1000: every method meets
  /// NaN, and must refuse it and still converge to 3.9 (to 1e-6: ‖∇f‖ ≤ 1e-8 and f'' ≥ 0.99 there).
  @Test(arguments: MinimizeMethod.allCases)
  func refusesNonFiniteTrialPoints(_ method: MinimizeMethod) {
    let loss = { (x: Tensor) in (sqrt(1 + (x - 3.9) * (x - 3.9)) + 0 * sqrt(4 - x)).sum() }
    let start = method == .newtonCG ? Tensor([0.0]) : Tensor([3.5])
    let result = minimize(loss, initial: start, method: method, options: MinimizeOptions(initialTrustRadius: 1000))
    #expect(result.converged, "\(result.reason)")
    #expect(result.value.isFinite && result.gradientNorm.isFinite)
    #expect(abs(result.parameters.item(as: Double.self) - 3.9) <= 1e-6)
  }

  /// A struct of tensors of two element types is minimized as a whole and comes back as that
  /// struct, each tensor in its own type; the float64 part reaches its minimum to 1e-6 (gradient
  /// tolerance 1e-8 over curvature 2), the float32 part to float32 accuracy (1e-3 of its scale).
  @Test func minimizesATreeOfParameters() {
    struct Parameters: TensorTree {
      var center: Tensor
      var scale: Tensor
    }
    let loss = { (p: Parameters) in
      let c = p.center - Tensor([1.0, -2.0])
      let s = p.scale.astype(.float64) - 3
      return (c * c).sum() + (s * s).sum()
    }
    let initial = Parameters(center: Tensor([0.0, 0.0]), scale: Tensor([Float(0)]))
    let options = MinimizeOptions(gradientTolerance: 1e-4)
    let result = minimize(loss, initial: initial, options: options)
    #expect(result.converged, "\(result.reason)")
    #expect(result.parameters.scale.dtype == .float32)
    #expect(relativeError(result.parameters.center, Tensor([1.0, -2.0])) <= 1e-4)
    #expect(abs(result.parameters.scale.item(as: Double.self) - 3) <= 3e-3)
  }

  /// The callback sees every iteration in order, with the values the result reports at the end.
  @Test(arguments: MinimizeMethod.allCases)
  func callbackSeesEveryIteration(_ method: MinimizeMethod) {
    var seen: [MinimizeProgress] = []
    let options = MinimizeOptions(verbose: method == .lbfgs, onIteration: { seen.append($0) })
    let result = minimize(MGHProblem.rosenbrock.objective, initial: MGHProblem.rosenbrock.startTensor, method: method,
      options: options)
    #expect(seen.map(\.iteration) == Array(1...result.iterations))
    #expect(seen.last?.value == result.value)
    #expect(seen.last?.gradientNorm == result.gradientNorm)
    if method != .gradientDescent {  // the non-monotone search may raise the loss for a while
      #expect(zip(seen, seen.dropFirst()).allSatisfy { $1.value < $0.value }, "every accepted step lowers the loss")
    }
  }

  /// A loss of more than one element, or not finite at the start, is rejected naming minimize.
  @Test func rejectsBadLosses() {
    #expect(throws: OlympusError.self) {
      try withErrorChecking { _ = minimize({ (x: Tensor) in x * x }, initial: Tensor([1.0, 2.0])) }
    }
    do {
      _ = try withErrorChecking { minimize({ (x: Tensor) in log(x).sum() }, initial: Tensor([-1.0])) }
      Issue.record("a NaN loss at the start was accepted")
    } catch {
      #expect("\(error)".contains("minimize(method: .lbfgs)"))
      #expect("\(error)".contains("not finite"))
    }
  }

  /// Limits stop the iteration without claiming convergence.
  @Test func stopsAtMaxIterations() {
    let result = minimize(MGHProblem.rosenbrock.objective, initial: MGHProblem.rosenbrock.startTensor,
      options: MinimizeOptions(maxIterations: 3))
    #expect(result.iterations == 3)
    #expect(!result.converged)
    #expect(result.reason.contains("maxIterations"))
  }
}
