import OlympusCore

/// Minimizes `½‖residuals(p)‖²` over parameters `p` of any tree type, from `initial`, with exact
/// derivatives of `residuals` by automatic differentiation (scipy.optimize.least_squares,
/// optimistix.least_squares, MINPACK's `lmder`).
///
/// Each iteration linearizes the residuals: densely (the Jacobian by `jacfwd` when there are at
/// most as many parameters as residuals, by `jacrev` otherwise, then its singular value
/// decomposition or, on large well-conditioned problems, the normal equations — see
/// ``LeastSquaresDenseSolver``) or matrix-free (LSMR on `J·v` and `Jᵀ·u` products) — see
/// ``LeastSquaresJacobian``. Dense problems' functions are staged by `jit` by default (see
/// ``LeastSquaresCompilation``). A trust region, measured in scaled parameters, limits each step; a
/// step is accepted when it lowers the cost, and the radius follows the ratio of actual to
/// predicted reduction (quartered below 1/4, doubled above 3/4 at the boundary). A trial point
/// whose residuals are NaN or infinite is rejected like a step that raises the cost, so the step
/// shrinks and such values never reach the result. Bounds keep iterates in a box by projection.
///
/// ```swift
/// struct Decay: TensorTree { var amplitude: Tensor; var rate: Tensor }
/// let fit = leastSquares(
///   residuals: { (m: Decay) in m.amplitude * exp(-m.rate * t) - y },
///   initial: Decay(amplitude: Tensor(1.0), rate: Tensor(0.1)))
/// print(fit.parameters.rate, fit.cost, fit.reason)
/// ```
///
/// The default options reach float64 accuracy on well-posed problems: all 54 NIST StRD fits from
/// both certified starts agree with the certified values to at least 6 digits.
public func leastSquares<P: TensorTree>(
  residuals: @escaping (P) -> Tensor, initial: P, method: LeastSquaresMethod = .levenbergMarquardt,
  options: LeastSquaresOptions<P> = LeastSquaresOptions()
) -> LeastSquaresResult<P> {
  let (start, unravel) = ravel(initial)
  let flat = { (v: Tensor) in residuals(unravel(v)).flattened().astype(.float64) }
  var solver = LeastSquaresSolver(
    residuals: flat, start: start.astype(.float64), method: method, options: options,
    flatten: { ravel($0).vector.astype(.float64) })
  let outcome = solver.run()
  return LeastSquaresResult(
    parameters: unravel(outcome.x), cost: outcome.cost, residuals: outcome.residuals, optimality: outcome.optimality,
    iterations: outcome.iterations, residualEvaluations: outcome.residualEvaluations,
    jacobianEvaluations: outcome.jacobianEvaluations, secondDerivativeEvaluations: outcome.secondDerivativeEvaluations,
    converged: outcome.converged, reason: outcome.reason)
}
