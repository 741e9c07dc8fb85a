import OlympusCore

/// The root `x*(θ)` of `condition(x, θ) = 0` that `solve` finds, differentiated by the implicit
/// function theorem instead of through the solver (JAX's `custom_root`, optimistix's implicit
/// adjoint).
///
/// `solve` may be any solver: its iterations are never differentiated (Olympus's ``minimize``,
/// a closed form, a hand-written loop). Reverse mode (`grad`, `vjp`) gives the parameters'
/// cotangent `−(∂F/∂θ)ᵀ λ` with `(∂F/∂x)ᵀ λ = x̄`: one linear solve with the condition's transposed
/// Jacobian at the solution, so a fitted parameter's sensitivity to the data costs one extra solve.
/// `condition` returns a tree of the solution's type (one equation per unknown); for a
/// minimization it is the gradient of the loss.
///
/// ```swift
/// // Ridge regression fitted by L-BFGS, differentiated with respect to the data.
/// let loss = { (w: Tensor, data: Data) in ... }
/// let weights = implicitSolution(
///   of: { w, data in grad(of: { loss($0, data) })(w) }, parameters: data,
///   solve: { data in minimize({ loss($0, data) }, initial: w0).parameters })
/// ```
///
/// `linearSolver` chooses how the system is solved (``ImplicitLinearSolver``: dense LU by default,
/// or matrix-free conjugate gradient or LSMR for large solutions). Under `vmap` and `jit` the
/// solver runs on traced values: it must then be written with Olympus operations
/// (``fixedPoint(of:initial:parameters:tolerance:maxIterations:linearSolver:)``, `whileLoop`, a
/// closed form) and the linear solver be `.lu`; ``minimize`` reads values on the host and works
/// under `grad` and `vjp` only. Forward mode (`jvp`) differentiates `solve` itself.
public func implicitSolution<Solution: TensorTree, Parameters: TensorTree>(
  of condition: @escaping (Solution, Parameters) -> Solution, parameters: Parameters,
  linearSolver: ImplicitLinearSolver = .lu, solve: @escaping (Parameters) -> Solution
) -> Solution {
  let parameterStructure = parameters.flattened().structure
  let solutionStructure = SolutionStructure()
  let rooted = customVJP(
    named: "implicitSolution",
    { leaves in
      let solution = solve(Parameters(structure: parameterStructure, leaves: leaves)).flattened()
      solutionStructure.value = solution.structure
      return solution.leaves
    },
    backward: { inputs, outputs, cotangents in
      let structure = solutionStructure.value!
      return implicitCotangent(
        of: condition, solution: Solution(structure: structure, leaves: outputs),
        parameters: Parameters(structure: parameterStructure, leaves: inputs),
        cotangent: Solution(structure: structure, leaves: cotangents), linearSolver: linearSolver
      ).leaves
    })
  let outputs = rooted(parameters.leaves)
  return Solution(structure: solutionStructure.value!, leaves: outputs)
}

/// The structure of a solver's result, learned when the solver first runs (a custom function's
/// implementation returns bare tensors).
final class SolutionStructure: @unchecked Sendable {
  var value: TreeStructure?
}
