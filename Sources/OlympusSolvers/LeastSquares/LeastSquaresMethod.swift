/// How ``leastSquares(residuals:initial:method:options:)`` chooses each step.
public enum LeastSquaresMethod: Sendable, Equatable {
  /// Gauss–Newton: the minimum-norm solution of the linearized problem `J·p ≈ −r`, shortened to
  /// the trust radius when longer (so a poor linear model cannot throw the iterate away).
  case gaussNewton
  /// Levenberg–Marquardt: the minimizer of the linearized cost within the trust radius, found by
  /// Moré's safeguarded Newton iteration on the damping parameter (MINPACK's `lmpar`), with the
  /// trust radius updated from the ratio of actual to predicted reduction as in MINPACK.
  case levenbergMarquardt
  /// Powell's dogleg: the path from the Cauchy point (steepest descent) to the Gauss–Newton
  /// point, cut at the trust radius.
  case dogleg
}

/// Whether the Jacobian is formed (and decomposed) or only applied to vectors.
public enum LeastSquaresJacobian: Sendable, Equatable {
  /// Dense when the Jacobian has at most 1,000 columns and 10⁷ entries, matrix-free otherwise.
  case automatic
  /// Form the Jacobian with `jacfwd` (at most as many parameters as residuals) or `jacrev`
  /// (more parameters than residuals) and solve each step from its spectrum (see
  /// ``LeastSquaresDenseSolver``).
  case dense
  /// Never form it: steps come from LSMR on `J·v` (forward mode) and `Jᵀ·u` (reverse mode)
  /// products, refined in the two-dimensional subspace of the gradient and the LSMR step.
  case matrixFree
}

/// How parameters are scaled before the trust region is drawn around them: steps are measured as
/// `‖p / d‖` for scale `d`, so parameters of very different magnitudes move in proportion.
public enum LeastSquaresScaling<P> {
  /// `d_j` = 1 / the largest norm Jacobian column j has had so far (SciPy's `x_scale="jac"`;
  /// MINPACK's `mode=1` uses the same diagonal). In matrix-free mode, where columns are not
  /// formed, this falls back to no scaling.
  case jacobian
  /// No scaling: `d = 1`.
  case none
  /// A fixed scale, a tree of positive tensors like the parameters.
  case fixed(P)
}
