/// The algorithm ``minimize(_:initial:method:options:)`` uses.
///
/// All four need only the loss's gradient (reverse mode); `.newtonCG` also uses Hessian–vector
/// products (forward mode over reverse mode), never the Hessian itself.
public enum MinimizeMethod: String, Sendable, CaseIterable {
  /// Limited-memory BFGS (SciPy's `L-BFGS-B` without bounds, optax's `lbfgs`): the two-loop
  /// recursion over the last ``MinimizeOptions/memory`` steps, with the Moré–Thuente strong-Wolfe
  /// line search. Memory and work per iteration grow linearly with the parameter count; the
  /// default.
  case lbfgs
  /// BFGS with a dense inverse-Hessian approximation (SciPy's `BFGS`) and the Moré–Thuente
  /// strong-Wolfe line search. Memory grows with the square of the parameter count: for a few
  /// thousand parameters at most.
  case bfgs
  /// Newton's method in a trust region whose steps come from Steihaug's truncated conjugate
  /// gradient on Hessian–vector products (SciPy's `trust-ncg`): quadratic convergence near a
  /// minimum, and directions of negative curvature are followed to the region's boundary.
  case newtonCG
  /// Steepest descent with Barzilai–Borwein step lengths `sᵀs / sᵀy` and a non-monotone line
  /// search (Raydan's global Barzilai–Borwein method): the loss may rise for a few iterations, which
  /// makes steepest descent practical on ill-conditioned problems.
  case gradientDescent
}
