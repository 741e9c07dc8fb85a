import OlympusCore

/// Steepest descent with Barzilai–Borwein step lengths and a non-monotone line search: the global
/// Barzilai–Borwein method (M. Raydan, "The Barzilai and Borwein gradient method for the large scale
/// unconstrained minimization problem", SIAM J. Optim. 7, 1997).
///
/// The step is `−α g` with `α = sᵀs / sᵀy` from the previous step (J. Barzilai and J. M. Borwein,
/// IMA J. Numer. Anal. 8, 1988), accepted when the loss is at most the largest of the last ten
/// values plus `10⁻⁴ λ gᵀd` (L. Grippo, F. Lampariello and S. Lucidi's non-monotone Armijo test);
/// otherwise the step shrinks by safeguarded quadratic interpolation. Letting the loss rise now and
/// then is what makes the method fast on ill-conditioned problems, where a monotone steepest
/// descent crawls. A trial point where the loss or its gradient is not finite shrinks the step.
/// Only the gradient tolerance (and the limits) stop the iteration.
func minimizeByBarzilaiBorwein<P: TensorTree>(
  _ objective: FlatObjective<P>, _ state: inout MinimizeState
) -> (converged: Bool, reason: String) {
  if let stop = state.stopsBeforeStarting() { return stop }
  let window = 10
  let decrease = 1e-4
  var recentValues = [state.value]
  var length = 1 / state.gradientNorm
  while true {
    let direction = scaled(state.gradient, -length)
    let slope = dotProduct(state.gradient, direction)
    let reference = recentValues.max()!
    var lambda = 1.0
    var accepted: (x: [Double], value: Double, gradient: [Double])? = nil
    while accepted == nil {
      if let stop = state.limitReached(evaluations: objective.evaluations) { return stop }
      let x = adding(state.x, lambda, direction)
      let (value, gradient) = objective.evaluate(x)
      if value.isFinite && allFinite(gradient) && value <= reference + decrease * lambda * slope {
        accepted = (x, value, gradient)
      } else if lambda * norm(direction) <= Double.ulpOfOne * max(norm(state.x), 1) {
        return (false, "the non-monotone line search shrank its step to rounding level without an acceptable point")
      } else {
        // The minimizer of the quadratic through φ(0), φ'(0) and φ(λ), kept within [0.1λ, 0.5λ].
        let model = value.isFinite ? -slope * lambda * lambda / (2 * (value - state.value - lambda * slope)) : 0
        lambda = min(max(model, 0.1 * lambda), 0.5 * lambda)
      }
    }
    let point = accepted!
    let s = adding(point.x, -1, state.x)
    let y = adding(point.gradient, -1, state.gradient)
    let curvature = dotProduct(s, y)
    if let stop = state.accept(
      x: point.x, value: point.value, gradient: point.gradient, evaluations: objective.evaluations,
      stepLengthOrRadius: lambda * length, monotone: false)
    {
      return stop
    }
    length = curvature > 0 ? min(max(dotProduct(s, s) / curvature, 1e-20), 1e20) : 1 / state.gradientNorm
    recentValues.append(point.value)
    if recentValues.count > window { recentValues.removeFirst() }
  }
}
