/// How ``implicitSolution(of:parameters:linearSolver:solve:)`` and
/// ``fixedPoint(of:initial:parameters:tolerance:maxIterations:linearSolver:)`` solve the implicit
/// function theorem's system `(∂F/∂x)ᵀ λ = x̄` at the solution.
public enum ImplicitLinearSolver: Sendable {
  /// `∂F/∂x` formed by forward mode (`jacfwd`) and solved by LU: exact, differentiable again, and
  /// it runs under `vmap` and `jit`; for solutions of up to a few thousand unknowns. The default.
  case lu
  /// Matrix-free conjugate gradient on Jacobian–vector products, to 1e-12 relative residual, for
  /// a symmetric positive definite `∂F/∂x` (the Hessian of a strictly convex loss, when the
  /// condition is the loss's gradient). It reads values on the host: `grad` and `vjp` only.
  case conjugateGradient
  /// Matrix-free LSMR on the transposed Jacobian's products, to 1e-12, for any nonsingular
  /// `∂F/∂x`. It reads values on the host: `grad` and `vjp` only.
  case lsmr
}
