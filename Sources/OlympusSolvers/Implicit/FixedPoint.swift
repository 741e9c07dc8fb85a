import OlympusCore

/// The fixed point `x* = f(x*, θ)` reached by iterating `x ← f(x, θ)` from `initial`, differentiated
/// by the implicit function theorem rather than through the iterations (JAX's `fixed_point`
/// pattern, optimistix's `fixed_point` with its implicit adjoint).
///
/// The iteration stops when `max|f(x) − x| ≤ tolerance · (1 + max|x|)` or after `maxIterations`
/// applications; it is one `whileLoop`, so it runs under `jit` and `vmap` (a batch of independent
/// fixed points stops when every example has). Reverse mode gives
/// `θ̄ = (∂f/∂θ)ᵀ λ` with `(I − ∂f/∂x)ᵀ λ = x̄`: one linear solve at the fixed point, whatever the
/// number of iterations (by `linearSolver`, LU unless told otherwise: see ``ImplicitLinearSolver``).
/// `f` must be a contraction near `x*` for the iteration to converge; the derivative needs only
/// `I − ∂f/∂x` to be invertible there. `initial` gets no cotangent.
///
/// ```swift
/// // x = cos(θ x), and d x*/d θ without unrolling the loop.
/// let slope = grad(of: { (theta: Tensor) in
///   fixedPoint(of: { x, theta in cos(theta * x) }, initial: Tensor(0.5), parameters: theta).sum()
/// })(Tensor(0.9))
/// ```
public func fixedPoint<Solution: TensorTree, Parameters: TensorTree>(
  of f: @escaping (Solution, Parameters) -> Solution, initial: Solution, parameters: Parameters,
  tolerance: Double = 1e-12, maxIterations: Int = 1000, linearSolver: ImplicitLinearSolver = .lu
) -> Solution {
  let (_, unravel) = ravel(initial)
  let (initialLeaves, solutionStructure) = initial.flattened()
  let parameterStructure = parameters.flattened().structure
  let parameterCount = parameterStructure.leafCount
  let mapped = { (x: Tensor, p: Parameters) in ravel(f(unravel(x), p)).vector }
  let iterate = customVJP(
    named: "fixedPoint",
    { inputs in
      let p = Parameters(structure: parameterStructure, leaves: Array(inputs[..<parameterCount]))
      let x0 = ravel(Solution(structure: solutionStructure, leaves: Array(inputs[parameterCount...]))).vector
      let carry = whileLoop(
        initial: [x0, mapped(x0, p), Tensor(0.0).astype(x0.dtype)],
        condition: { carry in
          let change = abs(carry[1] - carry[0]).max()
          let unconverged = change .> (1 + abs(carry[0]).max()) * tolerance
          return unconverged .& (carry[2] .< Double(maxIterations))
        },
        body: { carry in [carry[1], mapped(carry[1], p), carry[2] + 1] })
      return unravel(carry[1]).leaves
    },
    backward: { inputs, outputs, cotangents in
      let p = Parameters(structure: parameterStructure, leaves: Array(inputs[..<parameterCount]))
      let solution = Solution(structure: solutionStructure, leaves: outputs)
      let parameterCotangent = implicitCotangent(
        of: { x, p in zipLeaves(f(x, p), x, -) }, solution: solution, parameters: p,
        cotangent: Solution(structure: solutionStructure, leaves: cotangents), linearSolver: linearSolver)
      return parameterCotangent.leaves + inputs[parameterCount...].map { Tensor.zeros($0.shape, dtype: $0.dtype) }
    })
  return Solution(structure: solutionStructure, leaves: iterate(parameters.leaves + initialLeaves))
}
