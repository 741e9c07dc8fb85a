import OlympusCore

/// Solves `min ‖A·x − b‖² + damping²‖x‖²` by LSMR (Fong and Saunders 2011), using only `A·v` and
/// `Aᵀ·u`. LSMR is MINRES on the normal equations: `‖Aᵀr‖` falls monotonically, so it may stop
/// earlier than ``lsqr(_:_:damping:initial:absoluteTolerance:relativeTolerance:conditionLimit:maxIterations:)``
/// on least-squares problems with the same tolerances.
///
/// Stopping rules are those of SciPy's `lsmr` (see `lsqr`); `maxIterations` defaults to `2·n`.
public func lsmr(
  _ a: LinearOperator, _ b: Tensor, damping: Double = 0, initial: Tensor? = nil, absoluteTolerance: Double = 1e-10,
  relativeTolerance: Double = 1e-10, conditionLimit: Double = 1e8, maxIterations: Int? = nil
) -> LinearSolution {
  let start: BidiagonalizationStart
  switch BidiagonalizationStart.begin(
    "lsmr", a, b, initial: initial, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
    conditionLimit: conditionLimit, maxIterations: maxIterations)
  {
  case .started(let started): start = started
  case .finished(let solution): return solution
  }
  var (x, u, v, alpha, beta) = (start.x, start.u, start.v, start.alpha, start.beta)
  let stopping = start.stopping
  var zetaBar = alpha * beta, alphaBar = alpha, rho = 1.0, rhoBar = 1.0, cBar = 1.0, sBar = 0.0
  var h = v
  var hBar = Tensor.zeros([a.columns], dtype: b.dtype)
  // State of the ‖r‖ estimate.
  var betaDD = beta, betaD = 0.0, rhoDOld = 1.0, tauTildeOld = 0.0, thetaTilde = 0.0, zeta = 0.0, d = 0.0
  // State of the ‖A‖ and cond(A) estimates.
  var normASquared = alpha * alpha, maxRBar = 0.0, minRBar = 1e100
  var iteration = 0
  while true {
    iteration += 1
    u = a.apply(v) - alpha * u
    beta = vectorNorm(u)
    if beta > 0 {
      u = u / beta
      v = a.applyTranspose(u) - beta * v
      alpha = vectorNorm(v)
      if alpha > 0 { v = v / alpha }
    }
    // Rotations: the damping, then the bidiagonal's subdiagonal, then the second QR.
    let (cHat, sHat, alphaHat) = symmetricOrthogonal(alphaBar, damping)
    let rhoOld = rho
    let (c, s, rhoNew) = symmetricOrthogonal(alphaHat, beta)
    rho = rhoNew
    let thetaNew = s * alpha
    alphaBar = c * alpha
    let rhoBarOld = rhoBar, zetaOld = zeta
    let thetaBar = sBar * rho
    let rhoTemp = cBar * rho
    (cBar, sBar, rhoBar) = symmetricOrthogonal(cBar * rho, thetaNew)
    zeta = cBar * zetaBar
    zetaBar = -sBar * zetaBar
    hBar = h - (thetaBar * rho / (rhoOld * rhoBarOld)) * hBar
    x = x + (zeta / (rho * rhoBar)) * hBar
    h = v - (thetaNew / rho) * h
    // Estimate ‖r‖.
    let betaAcute = cHat * betaDD, betaCheck = -sHat * betaDD
    let betaHat = c * betaAcute
    betaDD = -s * betaAcute
    let thetaTildeOld = thetaTilde
    let (cTildeOld, sTildeOld, rhoTildeOld) = symmetricOrthogonal(rhoDOld, thetaBar)
    thetaTilde = sTildeOld * rhoBar
    rhoDOld = cTildeOld * rhoBar
    betaD = -sTildeOld * betaD + cTildeOld * betaHat
    tauTildeOld = (zetaOld - thetaTildeOld * tauTildeOld) / rhoTildeOld
    let tauD = (zeta - thetaTilde * tauTildeOld) / rhoDOld
    d += betaCheck * betaCheck
    let residualNorm = (d + (betaD - tauD) * (betaD - tauD) + betaDD * betaDD).squareRoot()
    // Estimate ‖A‖ and cond(A).
    normASquared += beta * beta
    let operatorNorm = normASquared.squareRoot()
    normASquared += alpha * alpha
    maxRBar = Swift.max(maxRBar, rhoBarOld)
    if iteration > 1 { minRBar = Swift.min(minRBar, rhoBarOld) }
    let condition = Swift.max(maxRBar, rhoTemp) / Swift.min(minRBar, rhoTemp)
    if let (reason, converged) = stopping.verdict(
      iteration: iteration, residualNorm: residualNorm, normalResidualNorm: Swift.abs(zetaBar), operatorNorm: operatorNorm,
      condition: condition, solutionNorm: vectorNorm(x))
    {
      return LinearSolution(solution: x, iterations: iteration, residualNorm: residualNorm, converged: converged, reason: reason)
    }
  }
}
