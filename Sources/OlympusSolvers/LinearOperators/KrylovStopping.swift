/// The stopping tests LSQR and LSMR share (Paige and Saunders 1982, Fong and Saunders 2011), with
/// their reasons in words; `nil` while none holds.
struct KrylovLeastSquaresStopping {
  let absoluteTolerance: Double
  let relativeTolerance: Double
  let conditionLimit: Double
  let maxIterations: Int
  let rightHandSideNorm: Double

  /// The reason to stop after `iteration`, given the estimates of ‖r‖, ‖Aᵀr‖, ‖A‖, cond(A), ‖x‖,
  /// and whether it counts as convergence.
  func verdict(
    iteration: Int, residualNorm: Double, normalResidualNorm: Double, operatorNorm: Double, condition: Double,
    solutionNorm: Double
  ) -> (reason: String, converged: Bool)? {
    let test1 = residualNorm / rightHandSideNorm
    let product = operatorNorm * residualNorm
    let test2 = product != 0 ? normalResidualNorm / product : .infinity
    let test3 = 1 / condition
    let t1 = test1 / (1 + operatorNorm * solutionNorm / rightHandSideNorm)
    let tolerance = relativeTolerance + absoluteTolerance * operatorNorm * solutionNorm / rightHandSideNorm
    if test1 <= tolerance { return ("A·x = b is solved within the tolerances", true) }
    if test2 <= absoluteTolerance { return ("the least-squares optimality ‖Aᵀr‖ is within the tolerance", true) }
    if conditionLimit > 0, test3 <= 1 / conditionLimit {
      return ("the condition number estimate exceeds the limit \(conditionLimit)", false)
    }
    if 1 + t1 <= 1 { return ("A·x = b is solved to machine precision", true) }
    if 1 + test2 <= 1 { return ("the least-squares optimality is at machine precision", true) }
    if 1 + test3 <= 1 { return ("the operator is singular to machine precision", false) }
    if iteration >= maxIterations { return ("reached the iteration limit (\(maxIterations))", false) }
    return nil
  }
}
