import OlympusCore

/// The parameters that minimize a scalar loss, from `initial`, for parameters of any tree type
/// (SciPy's `minimize`, optimistix's `minimise`).
///
/// The loss is differentiated by reverse mode (and, for `.newtonCG`, Hessian–vector products by
/// forward mode over reverse mode); the method's own arithmetic runs in `Double` on the tree
/// raveled into one vector (``ravel(_:)``), while the loss always sees a tree of the initial
/// value's element types. A trial point where the loss or its gradient is NaN or ∞ is refused
/// (the line search's step or the trust region shrinks), so non-finite values never reach the
/// result.
///
/// ```swift
/// struct Model: TensorTree { var weight: Tensor; var bias: Tensor }
/// let result = minimize({ (m: Model) in
///   let error = matmul(x, m.weight) + m.bias - y
///   return (error * error).mean()
/// }, initial: model)
/// print(result.value, result.converged, result.reason)
/// ```
///
/// A loss that does not return one element, or whose value or gradient is not finite at
/// `initial`, is rejected, naming it.
public func minimize<P: TensorTree>(
  _ f: @escaping (P) -> Tensor, initial: P, method: MinimizeMethod = .lbfgs, options: MinimizeOptions = MinimizeOptions()
) -> MinimizeResult<P> {
  let operation = "minimize(method: .\(method.rawValue))"
  let objective = FlatObjective(operation, f, initial: initial)
  let (value, gradient) = objective.evaluate(objective.initial)
  guard
    check(
      value.isFinite && allFinite(gradient),
      OlympusError(operation, "the loss or its gradient is not finite at the initial parameters (loss \(value))"))
  else {
    return MinimizeResult(
      parameters: initial, value: value, gradientNorm: norm(gradient), iterations: 0, evaluations: 1,
      hessianProducts: 0, converged: false, reason: "the loss or its gradient is not finite at the initial parameters")
  }
  var state = MinimizeState(
    x: objective.initial, value: value, gradient: gradient, options: options,
    lastColumn: method == .newtonCG ? "trust radius" : "step length")
  let outcome: (converged: Bool, reason: String)
  switch method {
  case .lbfgs:
    var directions = LimitedMemoryBFGS(memory: options.memory)
    outcome = minimizeByLineSearch(objective, &state, &directions)
  case .bfgs:
    var directions = DenseBFGS(count: objective.count)
    outcome = minimizeByLineSearch(objective, &state, &directions)
  case .gradientDescent:
    outcome = minimizeByBarzilaiBorwein(objective, &state)
  case .newtonCG:
    outcome = minimizeByNewtonCG(objective, &state)
  }
  return MinimizeResult(
    parameters: objective.parameters(state.x), value: state.value, gradientNorm: state.gradientNorm,
    iterations: state.iterations, evaluations: objective.evaluations, hessianProducts: objective.hessianProducts,
    converged: outcome.converged, reason: outcome.reason)
}
