import OlympusCore

/// The outcome of ``leastSquares(residuals:initial:method:options:)``.
public struct LeastSquaresResult<P: TensorTree> {
  /// The parameters found.
  public let parameters: P
  /// The cost there, `½‖r‖²`.
  public let cost: Double
  /// The residuals there, flattened to a float64 vector.
  public let residuals: Tensor
  /// The largest entry of the gradient `Jᵀr` there (SciPy's "optimality").
  public let optimality: Double
  /// The number of iterations (accepted or rejected trial steps that ended one).
  public let iterations: Int
  /// How many times the residual function was evaluated (trial points included).
  public let residualEvaluations: Int
  /// How many times the Jacobian was formed (dense) or the residuals linearized (matrix-free).
  public let jacobianEvaluations: Int
  /// How many second directional derivatives `r''(x)[v, v]` geodesic acceleration took (each one
  /// forward-over-forward pass through the residual function).
  public let secondDerivativeEvaluations: Int
  /// Whether a tolerance test stopped the solver (not the evaluation limit or a failure).
  public let converged: Bool
  /// Why the solver stopped, in words.
  public let reason: String
}
