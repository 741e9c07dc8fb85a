import OlympusCore

/// Solves `A·x = b` for a symmetric positive definite operator `A` by the conjugate gradient
/// method (Hestenes and Stiefel), optionally preconditioned: `preconditioner` applies an
/// approximation of `A⁻¹` (symmetric positive definite too), such as `.diagonal(1 / a.diagonal())`.
///
/// Stops when `‖b − A·x‖ ≤ max(relativeTolerance·‖b‖, absoluteTolerance)`, after
/// `maxIterations` (default `10·n`), or when a direction of non-positive curvature shows that `A`
/// is not positive definite (then `converged` is false and `reason` says so).
public func conjugateGradient(
  _ a: LinearOperator, _ b: Tensor, initial: Tensor? = nil, preconditioner: LinearOperator? = nil,
  relativeTolerance: Double = 1e-10, absoluteTolerance: Double = 0, maxIterations: Int? = nil
) -> LinearSolution {
  let operation = "conjugateGradient"
  guard
    check(a.rows == a.columns, OlympusError(operation, "needs a square operator, got \(a.shapeText)")),
    checkSolverVector(b, length: a.rows, role: "right-hand side", operation),
    checkSolverVector(initial, length: a.columns, role: "initial guess", operation),
    check(
      preconditioner.map { $0.rows == a.rows && $0.columns == a.columns } ?? true,
      OlympusError(operation, "the preconditioner, \(preconditioner?.shapeText ?? ""), does not match \(a.shapeText)"))
  else { return failedSolution() }
  let limit = maxIterations ?? 10 * a.columns
  var x = initial ?? Tensor.zeros([a.columns], dtype: b.dtype)
  var r = initial == nil ? b : b - a.apply(x)
  let target = Swift.max(relativeTolerance * vectorNorm(b), absoluteTolerance)
  var residualNorm = vectorNorm(r)
  if residualNorm <= target {
    return LinearSolution(solution: x, iterations: 0, residualNorm: residualNorm, converged: true, reason: "the residual is within tolerance")
  }
  var z = preconditioner?.apply(r) ?? r
  var direction = z
  var rz = innerProduct(r, z)
  for iteration in stride(from: 1, through: limit, by: 1) {
    let product = a.apply(direction)
    let curvature = innerProduct(direction, product)
    guard curvature > 0, curvature.isFinite else {
      return LinearSolution(
        solution: x, iterations: iteration - 1, residualNorm: residualNorm, converged: false,
        reason: "the operator is not positive definite (curvature \(curvature) along a search direction)")
    }
    let alpha = rz / curvature
    x = x + alpha * direction
    r = r - alpha * product
    residualNorm = vectorNorm(r)
    if residualNorm <= target {
      return LinearSolution(
        solution: x, iterations: iteration, residualNorm: residualNorm, converged: true, reason: "the residual is within tolerance")
    }
    z = preconditioner?.apply(r) ?? r
    let rzNext = innerProduct(r, z)
    direction = z + (rzNext / rz) * direction
    rz = rzNext
  }
  return LinearSolution(
    solution: x, iterations: limit, residualNorm: residualNorm, converged: false, reason: "reached the iteration limit (\(limit))")
}

/// Checks that a solver's vector argument, when given, is a floating-point vector of `length`.
func checkSolverVector(_ vector: Tensor?, length: Int, role: String, _ operation: String) -> Bool {
  guard let vector else { return true }
  return check(
    vector.rank == 1 && vector.shape[0] == length && vector.dtype.isFloatingPoint,
    OlympusError(operation, "the \(role) must be a floating-point vector [\(length)], got \(vector.type)"))
}

/// The solution a rejected call returns inside `withErrorChecking`.
func failedSolution() -> LinearSolution {
  LinearSolution(solution: .failed, iterations: 0, residualNorm: .nan, converged: false, reason: "rejected arguments")
}
