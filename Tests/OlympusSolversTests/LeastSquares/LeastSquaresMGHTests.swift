import OlympusCore
import OlympusSolvers
import Testing

/// `leastSquares` from the standard starts of the Moré–Garbow–Hillstrom problems, each method,
/// default options, on the problems' own residual vectors.
///
/// Tolerance basis: the sum of squares `Σrᵢ² = 2·cost` must come within 1e-8 of a minimum the
/// paper lists (relative for Freudenstein–Roth's non-zero local minimum), as `MinimizeMGHTests`
/// asks of `minimize` on the same sums; the default tolerances stop near the rounding level of
/// the cost, far below that bound on every problem with a nonsingular Jacobian at the minimum,
/// and Powell singular's residuals vanish like ‖x − x*‖², so its sum still falls below 1e-8.
///
/// Known issue: Gauss–Newton stalls on Freudenstein–Roth (Σr² ≈ 59.28 after 17 iterations, no
/// minimum: its steps along the valley where the Jacobian is nearly singular shrink until the
/// cost reduction falls below `ftol`), as Gauss–Newton without damping is known to; Levenberg–
/// Marquardt (the default) and dogleg reach the local minimum 48.98 there.
@Suite struct LeastSquaresMGHTests {
  static let cases: [(LeastSquaresMethod, MGHProblem)] = [LeastSquaresMethod.levenbergMarquardt, .dogleg, .gaussNewton]
    .flatMap { method in MGHProblem.small.map { (method, $0) } }

  @Test(arguments: cases)
  func reachesAKnownMinimum(_ method: LeastSquaresMethod, _ problem: MGHProblem) {
    let fit = leastSquares(residuals: problem.residuals, initial: problem.startTensor, method: method)
    let sum = 2 * fit.cost
    let reached = problem.minima.first { abs(sum - $0.value) <= 1e-8 * max(1, $0.value) }
    withKnownIssue("Gauss–Newton stalls on Freudenstein–Roth") {
      #expect(reached != nil, "Σr² = \(sum) after \(fit.iterations) iterations: \(fit.reason)")
    } when: {
      method == .gaussNewton && problem.number == 2
    }
  }
}
