/// Tolerances, limits and reporting for ``minimize(_:initial:method:options:)``.
///
/// The iteration stops at the first of: the gradient's Euclidean norm at most
/// `gradientTolerance`; a step that lowers the loss by at most
/// `valueTolerance · max(|f|, |f₊|, 1)` (SciPy's `ftol`); a step of Euclidean norm at most
/// `stepTolerance · (‖x‖ + stepTolerance)`; `maxIterations` iterations or `maxEvaluations`
/// evaluations of the loss. Only the first three count as converged; `.gradientDescent`, whose
/// loss may rise for a while, uses the gradient test alone.
public struct MinimizeOptions {
  /// The gradient norm ‖∇f‖₂ at which the iteration has converged.
  public var gradientTolerance: Double
  /// The relative decrease of the loss below which the iteration has converged (`0` turns the
  /// test off).
  public var valueTolerance: Double
  /// The relative step length below which the iteration has converged (`0` turns the test off).
  public var stepTolerance: Double
  /// The most iterations (accepted steps).
  public var maxIterations: Int
  /// The most evaluations of the loss with its gradient.
  public var maxEvaluations: Int
  /// How many recent steps `.lbfgs` keeps (SciPy's and L-BFGS-B's `m`).
  public var memory: Int
  /// The trust region's first radius for `.newtonCG`.
  public var initialTrustRadius: Double
  /// The trust region's largest radius for `.newtonCG`.
  public var maxTrustRadius: Double
  /// Prints one line per iteration: iteration, evaluations, loss, gradient norm, step norm and
  /// the step length (line-search methods) or trust radius (`.newtonCG`), like SciPy's
  /// `verbose=2`.
  public var verbose: Bool
  /// Called after every iteration with its progress.
  public var onIteration: ((MinimizeProgress) -> Void)?

  /// Options with SciPy-like defaults, tightened so that well-posed float64 problems converge to
  /// full accuracy: ‖∇f‖₂ ≤ 1e-8, relative decrease ≤ 1e-15 (a few rounding errors), steps above
  /// 1e-15 relative, 10 000 iterations, 50 000 evaluations, 10 remembered steps, trust radius 1
  /// growing to at most 1000.
  public init(
    gradientTolerance: Double = 1e-8, valueTolerance: Double = 1e-15, stepTolerance: Double = 1e-15,
    maxIterations: Int = 10_000, maxEvaluations: Int = 50_000, memory: Int = 10, initialTrustRadius: Double = 1,
    maxTrustRadius: Double = 1000, verbose: Bool = false, onIteration: ((MinimizeProgress) -> Void)? = nil
  ) {
    self.gradientTolerance = gradientTolerance
    self.valueTolerance = valueTolerance
    self.stepTolerance = stepTolerance
    self.maxIterations = maxIterations
    self.maxEvaluations = maxEvaluations
    self.memory = memory
    self.initialTrustRadius = initialTrustRadius
    self.maxTrustRadius = maxTrustRadius
    self.verbose = verbose
    self.onIteration = onIteration
  }
}

/// One iteration of ``minimize(_:initial:method:options:)``, as the callback and the verbose
/// table see it.
public struct MinimizeProgress: Sendable {
  /// The iteration just finished (1 for the first step).
  public var iteration: Int
  /// Evaluations of the loss with its gradient so far.
  public var evaluations: Int
  /// The loss after the iteration.
  public var value: Double
  /// ‖∇f‖₂ after the iteration.
  public var gradientNorm: Double
  /// The Euclidean norm of the step taken (0 when a trust-region step was refused).
  public var stepNorm: Double
  /// The accepted step length along the search direction (line-search methods), or the trust
  /// radius after the iteration (`.newtonCG`).
  public var stepLengthOrRadius: Double
}
