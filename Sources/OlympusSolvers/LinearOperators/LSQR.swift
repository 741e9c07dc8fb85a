import OlympusCore

/// Solves `min ‖A·x − b‖² + damping²‖x‖²` by LSQR (Paige and Saunders 1982), using only `A·v` and
/// `Aᵀ·u`: for square consistent systems it solves `A·x = b`, for rectangular ones the (damped)
/// least-squares problem, for rank-deficient ones it converges to the minimum-norm solution from
/// a zero initial guess.
///
/// Stops as SciPy's `lsqr` does: when `‖r‖ ≤ relativeTolerance·‖b‖ + absoluteTolerance·‖A‖·‖x‖`,
/// when `‖Aᵀr‖ ≤ absoluteTolerance·‖A‖·‖r‖`, when the condition estimate exceeds
/// `conditionLimit` (0: no limit), or after `maxIterations` (default `2·n`).
public func lsqr(
  _ a: LinearOperator, _ b: Tensor, damping: Double = 0, initial: Tensor? = nil, absoluteTolerance: Double = 1e-10,
  relativeTolerance: Double = 1e-10, conditionLimit: Double = 1e8, maxIterations: Int? = nil
) -> LinearSolution {
  let start: BidiagonalizationStart
  switch BidiagonalizationStart.begin(
    "lsqr", a, b, initial: initial, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
    conditionLimit: conditionLimit, maxIterations: maxIterations)
  {
  case .started(let started): start = started
  case .finished(let solution): return solution
  }
  var (x, u, v, alpha, beta) = (start.x, start.u, start.v, start.alpha, start.beta)
  let stopping = start.stopping
  var w = v
  var rhoBar = alpha, phiBar = beta
  var operatorNorm = 0.0, ddNorm = 0.0, res2 = 0.0, xxNorm = 0.0, z = 0.0, cs2 = -1.0, sn2 = 0.0
  let dampingSquared = damping * damping
  var iteration = 0
  var residualNorm = beta
  while true {
    iteration += 1
    u = a.apply(v) - alpha * u
    beta = vectorNorm(u)
    if beta > 0 {
      u = u / beta
      operatorNorm = (operatorNorm * operatorNorm + alpha * alpha + beta * beta + dampingSquared).squareRoot()
      v = a.applyTranspose(u) - beta * v
      alpha = vectorNorm(v)
      if alpha > 0 { v = v / alpha }
    }
    // Eliminate the damping, then the subdiagonal β of the bidiagonal matrix.
    let rhoBar1 = (rhoBar * rhoBar + dampingSquared).squareRoot()
    let cs1 = rhoBar / rhoBar1, sn1 = damping / rhoBar1
    let psi = sn1 * phiBar
    phiBar = cs1 * phiBar
    let (cs, sn, rho) = symmetricOrthogonal(rhoBar1, beta)
    let theta = sn * alpha
    rhoBar = -cs * alpha
    let phi = cs * phiBar
    phiBar = sn * phiBar
    let tau = sn * phi
    let dk = w / rho
    ddNorm += innerProduct(dk, dk)
    x = x + (phi / rho) * w
    w = v - (theta / rho) * w
    // Estimate ‖x‖ (Paige and Saunders' second rotation) and the other norms.
    let delta = sn2 * rho, gammaBar = -cs2 * rho
    let rhs = phi - delta * z
    let zBar = rhs / gammaBar
    let solutionNorm = (xxNorm + zBar * zBar).squareRoot()
    let gamma = (gammaBar * gammaBar + theta * theta).squareRoot()
    cs2 = gammaBar / gamma
    sn2 = theta / gamma
    z = rhs / gamma
    xxNorm += z * z
    let condition = operatorNorm * ddNorm.squareRoot()
    res2 += psi * psi
    residualNorm = (phiBar * phiBar + res2).squareRoot()
    let normalResidualNorm = alpha * Swift.abs(tau)
    if let (reason, converged) = stopping.verdict(
      iteration: iteration, residualNorm: residualNorm, normalResidualNorm: normalResidualNorm, operatorNorm: operatorNorm,
      condition: condition, solutionNorm: solutionNorm)
    {
      return LinearSolution(solution: x, iterations: iteration, residualNorm: residualNorm, converged: converged, reason: reason)
    }
  }
}
