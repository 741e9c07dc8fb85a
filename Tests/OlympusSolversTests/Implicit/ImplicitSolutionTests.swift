import OlympusCore
import OlympusSolvers
import Testing
import Foundation

/// Gradients through `implicitSolution` and `fixedPoint` by the implicit function theorem.
@Suite struct ImplicitSolutionTests {
  static let ridge = Ridge(samples: 20, features: 5, seed: 1)
  static let data = RidgeData(targets: normal(2, [20]), penalty: Tensor(0.7))
  static let projection = normal(3, [5])

  /// Ridge regression fitted by L-BFGS (whose iterations are not differentiable: it reads values on
  /// the host) to ‖∇‖ ≤ 1e-12; the implicit gradient with respect to the targets and the penalty
  /// must equal the closed form to 1e-8, with each linear solver. Basis: the fitted weights differ
  /// from the exact root by at most ‖A⁻¹‖·1e-12 ≤ 1e-12 / 0.7, that error enters the gradient
  /// linearly, and the matrix-free solvers stop at 1e-12 relative residual (times κ(A) ≈ 10²).
  @Test(arguments: [ImplicitLinearSolver.lu, .conjugateGradient, .lsmr])
  func ridgeGradientsThroughMinimizeEqualTheClosedForm(_ linearSolver: ImplicitLinearSolver) {
    let ridge = Self.ridge
    let options = MinimizeOptions(gradientTolerance: 1e-12, valueTolerance: 0, stepTolerance: 0)
    let projected = { (data: RidgeData) in
      let weights = implicitSolution(of: ridge.condition, parameters: data, linearSolver: linearSolver) { data in
        minimize({ ridge.loss($0, data) }, initial: Tensor.zeros([ridge.features], dtype: .float64), options: options)
          .parameters
      }
      return (weights * Self.projection).sum()
    }
    let got = grad(of: projected)(Self.data)
    let expected = ridge.gradientOfProjection(Self.projection, Self.data)
    #expect(relativeError(got.targets, expected.targets) <= 1e-8)
    #expect(relativeError(got.penalty, expected.penalty) <= 1e-8)
  }

  /// The same gradient through `fixedPoint` of a gradient step, iterated to 1e-13 relative change:
  /// the contraction's rate is at most 1 − λ_min(A)/(‖X‖²_F + λ) ≈ 0.96 here, so the fixed point is
  /// within 1e-13 / 0.04 ≈ 3e-12 of the root; 1e-8 as above.
  @Test func ridgeGradientsThroughFixedPointEqualTheClosedForm() {
    let ridge = Self.ridge
    let projected = { (data: RidgeData) in
      let weights = fixedPoint(
        of: ridge.gradientStep, initial: Tensor.zeros([ridge.features], dtype: .float64), parameters: data,
        tolerance: 1e-13, maxIterations: 10_000)
      return (weights * Self.projection).sum()
    }
    let got = grad(of: projected)(Self.data)
    let expected = ridge.gradientOfProjection(Self.projection, Self.data)
    #expect(relativeError(got.targets, expected.targets) <= 1e-8)
    #expect(relativeError(got.penalty, expected.penalty) <= 1e-8)
  }

  /// `x* = cos(θx*)`: implicit differentiation gives `dx*/dθ = −x sin(θx) / (1 + θ sin(θx))`.
  /// The iteration stops at 1e-14 relative change with a contraction rate |θ sin(θx)| ≈ 0.6, so x*
  /// is within about 3e-14 and the derivative (a smooth function of x*) to well under 1e-10.
  @Test func scalarFixedPointDerivativeMatchesTheFormula() {
    let theta = 0.9
    let solve = { (theta: Tensor) in
      fixedPoint(of: { x, theta in cos(theta * x) }, initial: Tensor(0.5), parameters: theta, tolerance: 1e-14)
    }
    let x = solve(Tensor(theta)).item(as: Double.self)
    let got = grad(of: { solve($0) })(Tensor(theta)).item(as: Double.self)
    let expected = -x * sin(theta * x) / (1 + theta * sin(theta * x))
    #expect(abs(got - expected) <= 1e-10 * abs(expected))
  }

  /// A nonlinear least-squares fit `y ≈ a·exp(−b t)` by Newton-CG to ‖∇‖ ≤ 1e-13, differentiated
  /// with respect to the data: the implicit gradient of `a* + 3b*` must match fourth-order central
  /// differences of re-fitted solutions with step h = 1e-3, to 1e-8 relative. Basis: the stencil's
  /// truncation error h⁴·|∂⁵|/30 is about 7e-7 at h = 0.1 for this fit, so 7e-15 at h = 1e-3; the
  /// re-fits' error ε ≤ ‖H⁻¹‖·1e-13 ≤ 1e-11 enters as 1.5·ε/h ≤ 1.5e-8 at worst (measured: 5e-14).
  @Test func nonlinearFitGradientMatchesFiniteDifferences() {
    let times = Tensor((0..<8).map { Double($0) * 0.5 })
    let noise = 0.05 * normal(4, [8])
    let observations = 2 * exp(-0.7 * times) + noise
    let fitLoss = { (p: Tensor, y: Tensor) -> Tensor in
      let residual = p[0] * exp(-p[1] * times) - y
      return 0.5 * (residual * residual).sum()
    }
    let options = MinimizeOptions(gradientTolerance: 1e-13, valueTolerance: 0, stepTolerance: 0)
    let fit = { (y: Tensor) in
      minimize({ fitLoss($0, y) }, initial: Tensor([1.0, 1.0]), method: .newtonCG, options: options).parameters
    }
    let summary = { (y: Tensor) -> Tensor in
      let p = implicitSolution(of: { p, y in grad(of: { fitLoss($0, y) })(p) }, parameters: y, solve: fit)
      return p[0] + 3 * p[1]
    }
    let got = grad(of: summary)(observations).scalars(as: Double.self)
    let h = 1e-3
    let y = observations.scalars(as: Double.self)
    let refit = { (i: Int, offset: Double) -> Double in
      var shifted = y
      shifted[i] += offset
      let p = fit(Tensor(shifted)).scalars(as: Double.self)
      return p[0] + 3 * p[1]
    }
    for i in 0..<y.count {
      let difference = (8 * (refit(i, h) - refit(i, -h)) - (refit(i, 2 * h) - refit(i, -2 * h))) / (12 * h)
      #expect(abs(got[i] - difference) <= 1e-8 * max(abs(difference), 1), "observation \(i)")
    }
  }
}
