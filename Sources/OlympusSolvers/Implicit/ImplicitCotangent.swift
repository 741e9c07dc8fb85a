import OlympusCore

/// The parameters' cotangent at a root `x*` of `F(·, θ)`, by the implicit function theorem:
/// differentiating `F(x*(θ), θ) = 0` gives `∂x*/∂θ = −(∂F/∂x)⁻¹ ∂F/∂θ`, so a cotangent `x̄` of the
/// solution becomes `θ̄ = −(∂F/∂θ)ᵀ λ` with `(∂F/∂x)ᵀ λ = x̄`: one linear solve with the
/// transposed Jacobian and one vector–Jacobian product, whatever the solver did.
///
/// With `.lu`, `∂F/∂x` is formed by forward mode (`jacfwd`, one batched JVP) and solved by LU;
/// every step is an Olympus operation, so the rule runs under `vmap` and `jit` and can be
/// differentiated again. The matrix-free solvers use the Jacobian as a ``LinearOperator``.
func implicitCotangent<Solution: TensorTree, Parameters: TensorTree>(
  of condition: @escaping (Solution, Parameters) -> Solution, solution: Solution, parameters: Parameters,
  cotangent: Solution, linearSolver: ImplicitLinearSolver
) -> Parameters {
  let solutionCotangent = ravel(cotangent).vector
  let multiplier: Tensor
  switch linearSolver {
  case .lu:
    let (x, unravel) = ravel(solution)
    let jacobian = jacfwd(of: { (v: Tensor) in ravel(condition(unravel(v), parameters)).vector })(x)
    multiplier = Linalg.solve(jacobian.transposed(), solutionCotangent)
  case .conjugateGradient:
    let jacobian = jacobianOperator(of: { (x: Solution) in condition(x, parameters) }, at: solution)
    multiplier = conjugateGradient(jacobian, solutionCotangent, relativeTolerance: 1e-12).solution
  case .lsmr:
    let jacobian = jacobianOperator(of: { (x: Solution) in condition(x, parameters) }, at: solution)
    multiplier = lsmr(jacobian.transposed, solutionCotangent, absoluteTolerance: 1e-12, relativeTolerance: 1e-12)
      .solution
  }
  let (_, pullback) = vjp(at: parameters) { (p: Parameters) in ravel(condition(solution, p)).vector }
  return pullback(-multiplier)
}
