import OlympusCore

/// The iteration of the line-search methods (`.lbfgs`, `.bfgs`): a direction
/// from `directions`, a Moré–Thuente step along it, and the pair (step, gradient change) fed back.
/// When the method's direction is not a descent direction, or its line search finds no lower
/// point, its memory is reset and steepest descent is tried before giving up.
func minimizeByLineSearch<P: TensorTree>(
  _ objective: FlatObjective<P>, _ state: inout MinimizeState, _ directions: inout some SearchDirection
) -> (converged: Bool, reason: String) {
  if let stop = state.stopsBeforeStarting() { return stop }
  let lineSearch = MoreThuente()
  var learned = false
  while true {
    var direction = directions.direction(for: state.gradient)
    var initialStep = 1.0
    if direction == nil || dotProduct(direction!, state.gradient) >= 0 {
      directions.reset()
      learned = false
      direction = scaled(state.gradient, -1)
      initialStep = min(1, 1 / state.gradientNorm)
    }
    let start = LinePoint(
      step: 0, x: state.x, value: state.value, gradient: state.gradient, slope: dotProduct(direction!, state.gradient))
    let budget = state.options.maxEvaluations - objective.evaluations
    let (found, failure) = lineSearch.search(
      objective, from: start, along: direction!, initialStep: initialStep, evaluationBudget: budget)
    guard let point = found, point.value < state.value else {
      if let stop = state.limitReached(evaluations: objective.evaluations) { return stop }
      if learned {
        directions.reset()
        learned = false
        continue
      }
      return (false, "the line search along steepest descent found no lower point: \(failure)")
    }
    directions.update(step: adding(point.x, -1, state.x), gradientChange: adding(point.gradient, -1, state.gradient))
    learned = true
    if let stop = state.accept(
      x: point.x, value: point.value, gradient: point.gradient, evaluations: objective.evaluations,
      stepLengthOrRadius: point.step)
    {
      return stop
    }
  }
}
