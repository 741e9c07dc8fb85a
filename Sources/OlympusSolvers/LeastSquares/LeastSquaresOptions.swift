import OlympusCore

/// Tolerances, limits, bounds and reporting for ``leastSquares(residuals:initial:method:options:)``.
///
/// The tolerances have SciPy's `least_squares` meanings (MINPACK's for `gtol`); their defaults are
/// tighter than SciPy's, so that well-posed problems are solved to float64 accuracy: with them all
/// 54 NIST StRD fits reach the certified values to at least 6 digits (see Guides/Solvers.md).
public struct LeastSquaresOptions<P: TensorTree> {
  /// Stop when an accepted step lowers the cost by less than `ftol · cost` with a good agreement
  /// between the actual and predicted reduction (ratio above 1/4).
  public var ftol: Double = 1e-15
  /// Stop when a step is shorter than `xtol · (xtol + ‖x‖)`.
  public var xtol: Double = 1e-12
  /// Stop when the gradient is orthogonal to the residuals to within `gtol`: the largest cosine
  /// between `r` and a column of `J`, `max_j |(Jᵀr)_j| / (‖J_j‖·‖r‖)`, is at most `gtol`
  /// (MINPACK's test; in matrix-free mode, with unit column norms).
  public var gtol: Double = 1e-15
  /// The most residual evaluations; `nil` means 100 × the number of parameters (SciPy's default).
  public var maxEvaluations: Int?
  /// Lower bounds, a tree like the parameters (`-.infinity` entries for none); iterates are kept
  /// inside the box by projection.
  public var lowerBounds: P?
  /// Upper bounds, a tree like the parameters (`.infinity` entries for none).
  public var upperBounds: P?
  /// How parameters are scaled.
  public var scaling: LeastSquaresScaling<P> = .jacobian
  /// Whether Levenberg–Marquardt steps on a dense Jacobian add geodesic acceleration (Transtrum
  /// and Sethna 2012): a second-order correction from the residuals' second directional
  /// derivative along the step (one forward-over-forward pass), which follows curved valleys in
  /// far fewer iterations.
  public var geodesicAcceleration = true
  /// Whether the residual function, its dense Jacobian and its second directional derivative are
  /// staged by `jit` and replayed compiled; by default those of dense problems are.
  public var compile: LeastSquaresCompilation = .automatic
  /// Whether the Jacobian is formed or only applied.
  public var jacobian: LeastSquaresJacobian = .automatic
  /// How steps are computed from a formed Jacobian: its singular value decomposition or the
  /// normal equations.
  public var denseSolver: LeastSquaresDenseSolver = .automatic
  /// Print SciPy's `verbose=2` table, one line per iteration, plus the trust radius.
  public var verbose = false
  /// Called after every iteration with its statistics.
  public var callback: ((LeastSquaresIteration) -> Void)?

  /// The default options.
  public init() {}
}

/// One iteration of ``leastSquares(residuals:initial:method:options:)``, as the callback and the
/// verbose table report it.
public struct LeastSquaresIteration: Sendable {
  /// The iteration (0 before the first step).
  public let iteration: Int
  /// Residual evaluations so far.
  public let residualEvaluations: Int
  /// The cost `½‖r‖²` after the iteration.
  public let cost: Double
  /// How much the iteration lowered the cost.
  public let costReduction: Double
  /// The length of the accepted step (in parameter units).
  public let stepNorm: Double
  /// The largest entry of the gradient `Jᵀr`, SciPy's "optimality".
  public let optimality: Double
  /// The trust radius after the iteration (in scaled units).
  public let trustRadius: Double
}
