import OlympusCore

/// The first step of the Golub–Kahan bidiagonalization that LSQR and LSMR both start from:
/// x₀ (the initial guess or zero), β₁u₁ = b − A·x₀ and α₁v₁ = Aᵀu₁ with unit u₁, v₁, and the
/// stopping rules scaled by β₁.
struct BidiagonalizationStart {
  var x: Tensor
  var u: Tensor
  var v: Tensor
  var alpha: Double
  var beta: Double
  let stopping: KrylovLeastSquaresStopping

  /// How a solve begins: iterating from a start, or already finished.
  enum Beginning {
    case started(BidiagonalizationStart)
    case finished(LinearSolution)
  }

  /// The start for solving `a·x ≈ b`, or the finished solution when the input is rejected or x₀
  /// already solves the problem (α₁β₁ = 0: b − A·x₀ is zero or orthogonal to A's range).
  static func begin(
    _ operation: String, _ a: LinearOperator, _ b: Tensor, initial: Tensor?, absoluteTolerance: Double,
    relativeTolerance: Double, conditionLimit: Double, maxIterations: Int?
  ) -> Beginning {
    guard
      checkSolverVector(b, length: a.rows, role: "right-hand side", operation),
      checkSolverVector(initial, length: a.columns, role: "initial guess", operation)
    else { return .finished(failedSolution()) }
    let x = initial ?? Tensor.zeros([a.columns], dtype: b.dtype)
    var u = initial == nil ? b : b - a.apply(x)
    let beta = vectorNorm(u)
    let stopping = KrylovLeastSquaresStopping(
      absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, conditionLimit: conditionLimit,
      maxIterations: maxIterations ?? 2 * a.columns, rightHandSideNorm: beta)
    var v = Tensor.zeros([a.columns], dtype: b.dtype)
    var alpha = 0.0
    if beta > 0 {
      u = u / beta
      v = a.applyTranspose(u)
      alpha = vectorNorm(v)
    }
    if alpha > 0 { v = v / alpha }
    guard alpha * beta > 0 else {
      return .finished(
        LinearSolution(solution: x, iterations: 0, residualNorm: beta, converged: true, reason: "x is an exact solution"))
    }
    return .started(BidiagonalizationStart(x: x, u: u, v: v, alpha: alpha, beta: beta, stopping: stopping))
  }
}
