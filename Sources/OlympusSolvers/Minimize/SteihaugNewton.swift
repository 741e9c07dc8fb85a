import OlympusCore

/// Newton's method in a trust region (Nocedal and Wright, Algorithm 4.1) whose steps come from
/// Steihaug's truncated conjugate gradient on Hessian–vector products (their Algorithm 7.2): CG on
/// `H p = −g` stops at the boundary of the region, along a direction of non-positive curvature,
/// or when the residual falls below `min(½, √‖g‖)·‖g‖` (superlinear convergence). A step whose
/// loss is not finite counts as a failed step: the radius shrinks. Where the model's and the
/// loss's reductions are both at the loss's rounding level, a step that lowers the gradient norm
/// is accepted.
func minimizeByNewtonCG<P: TensorTree>(_ objective: FlatObjective<P>, _ state: inout MinimizeState) -> (converged: Bool, reason: String) {
  if let stop = state.stopsBeforeStarting() { return stop }
  var radius = state.options.initialTrustRadius
  let maxRadius = state.options.maxTrustRadius
  while true {
    let gradientNorm = state.gradientNorm
    let tolerance = min(0.5, gradientNorm.squareRoot()) * gradientNorm
    let x = state.x
    let (step, hessianStep, hitBoundary) = steihaugStep(
      gradient: state.gradient, radius: radius, tolerance: tolerance, maxIterations: 2 * x.count + 20
    ) { objective.hessianProduct(at: x, along: $0) }
    // The quadratic model's decrease −(gᵀp + ½ pᵀHp).
    let predicted = -(dotProduct(state.gradient, step) + 0.5 * dotProduct(step, hessianStep))
    let trial = adding(x, 1, step)
    let (value, gradient) = objective.evaluate(trial)
    let finite = value.isFinite && allFinite(gradient)
    var ratio = finite && predicted > 0 ? (state.value - value) / predicted : -.infinity
    // Near a minimum both reductions fall below the rounding error of the loss and their ratio is
    // noise: a step that changes the loss only at rounding level and lowers the gradient norm is
    // taken as a good one (ρ = 1), so the gradient tolerance stays reachable.
    let roundingLevel = 10 * Double.ulpOfOne * abs(state.value)
    let withinRounding = finite && predicted > 0 && predicted <= roundingLevel && abs(state.value - value) <= roundingLevel
    if withinRounding && norm(gradient) < gradientNorm { ratio = 1 }
    let stepNorm = norm(step)
    if ratio < 0.25 {
      radius = 0.25 * (finite ? stepNorm : min(radius, stepNorm))
    } else if ratio > 0.75 && hitBoundary {
      radius = min(2 * radius, maxRadius)
    }
    if ratio > 0.15 && (value < state.value || withinRounding) {
      if let stop = state.accept(
        x: trial, value: value, gradient: gradient, evaluations: objective.evaluations, stepLengthOrRadius: radius)
      {
        return stop
      }
    } else {
      if predicted <= 0 || radius <= Double.ulpOfOne * max(norm(x), 1) {
        return (false, "the trust region shrank to rounding level without a step that lowers the loss")
      }
      if let stop = state.limitReached(evaluations: objective.evaluations) { return stop }
    }
  }
}

/// Steihaug's truncated conjugate gradient for `min gᵀp + ½ pᵀHp` with `‖p‖ ≤ radius`: the step,
/// its product `H p` (for the model's decrease), and whether it lies on the boundary.
func steihaugStep(
  gradient: [Double], radius: Double, tolerance: Double, maxIterations: Int, hessianProduct: ([Double]) -> [Double]
) -> (step: [Double], hessianStep: [Double], onBoundary: Bool) {
  var p = Array(repeating: 0.0, count: gradient.count)
  var hp = p
  var residual = gradient
  var direction = scaled(gradient, -1)
  var residualSquared = dotProduct(residual, residual)
  for _ in 0..<maxIterations {
    let hd = hessianProduct(direction)
    let curvature = dotProduct(direction, hd)
    if curvature <= 0 || !curvature.isFinite {
      let tau = boundaryStep(p, direction, radius)
      return (adding(p, tau, direction), adding(hp, tau, hd), true)
    }
    let alpha = residualSquared / curvature
    let next = adding(p, alpha, direction)
    if norm(next) >= radius {
      let tau = boundaryStep(p, direction, radius)
      return (adding(p, tau, direction), adding(hp, tau, hd), true)
    }
    p = next
    addScaled(&hp, alpha, hd)
    addScaled(&residual, alpha, hd)
    let nextResidualSquared = dotProduct(residual, residual)
    if nextResidualSquared.squareRoot() <= tolerance { break }
    let beta = nextResidualSquared / residualSquared
    residualSquared = nextResidualSquared
    direction = adding(scaled(residual, -1), beta, direction)
  }
  return (p, hp, false)
}

/// The `τ ≥ 0` with `‖p + τd‖ = radius`, for `‖p‖ < radius`.
private func boundaryStep(_ p: [Double], _ d: [Double], _ radius: Double) -> Double {
  let a = dotProduct(d, d)
  let b = 2 * dotProduct(p, d)
  let c = dotProduct(p, p) - radius * radius
  return (-b + (b * b - 4 * a * c).squareRoot()) / (2 * a)
}
