/// How ``leastSquares(residuals:initial:method:options:)`` computes steps from a formed
/// Jacobian: every step rule works in the basis of the right singular vectors of the scaled
/// Jacobian `J̃ = J·diag(d)`, found once per Jacobian in one of two ways.
public enum LeastSquaresDenseSolver: Sendable, Equatable {
  /// The normal equations for large, well-conditioned problems — at least as many residuals `m`
  /// as parameters `n`, `m·n² ≥ 10⁶`, and `κ(J̃)² ≤ 10⁶`, checked on every Jacobian — and the
  /// singular value decomposition otherwise. Within that conditioning the normal equations' steps
  /// agree with the decomposition's to about `κ(J̃)²·ε ≤ 10⁻⁹` relative.
  case automatic
  /// The singular value decomposition of `J̃` (LAPACK's `gesdd` when loaded): backward stable at
  /// any conditioning, `O(m·n²)` with a large constant per Jacobian.
  case singularValueDecomposition
  /// The eigendecomposition of the Gram matrix `J̃ᵀJ̃` (one matrix product, then an `n × n`
  /// eigenproblem): several times faster than the decomposition on tall Jacobians, but it
  /// squares the condition number, so small singular values lose accuracy as `κ(J̃)²·ε`
  /// (eigenvalues at most `max(m, n)·ε` times the largest count as zero).
  case normalEquations
}
