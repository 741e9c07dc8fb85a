import OlympusCore

/// The parameters' cotangent at a root `x*` of `F(·, θ)`, by the implicit function theorem:
/// differentiating `F(x*(θ), θ) = 0` gives `∂x*/∂θ = −(∂F/∂x)⁻¹ ∂F/∂θ`, so a cotangent `x̄` of the
/// solution becomes `θ̄ = −(∂F/∂θ)ᵀ λ` with `(∂F/∂x)ᵀ λ = x̄`: one linear solve with the
/// transposed Jacobian and one vector–Jacobian product, whatever the solver did.
///
/// `∂F/∂x` is formed by forward mode (`jacfwd`, one batched JVP) and solved by LU; every step is
/// an Olympus operation, so the rule runs under `vmap` and `jit` and can be differentiated again.
func implicitCotangent<Solution: TensorTree, Parameters: TensorTree>(
  of condition: @escaping (Solution, Parameters) -> Solution, solution: Solution, parameters: Parameters,
  cotangent: Solution
) -> Parameters {
  let (x, unravel) = ravel(solution)
  let solutionCotangent = ravel(cotangent).vector
  let jacobian = jacfwd(of: { (v: Tensor) in ravel(condition(unravel(v), parameters)).vector })(x)
  let multiplier = Linalg.solve(jacobian.transposed(), solutionCotangent)
  let (_, pullback) = vjp(at: parameters) { (p: Parameters) in ravel(condition(solution, p)).vector }
  return pullback(-multiplier)
}
