import OlympusCore

/// A point of a line search: the step length along the direction, and the loss and gradient there.
struct LinePoint {
  var step: Double
  var x: [Double]
  var value: Double
  var gradient: [Double]
  /// The directional derivative `∇f(x)ᵀd`.
  var slope: Double
}

/// The Moré–Thuente line search (J. J. Moré and D. J. Thuente, "Line search algorithms with
/// guaranteed sufficient decrease", ACM TOMS 20, 1994): finds a step `α` along a descent direction
/// `d` satisfying the strong Wolfe conditions
/// `φ(α) ≤ φ(0) + decrease·α·φ'(0)` and `|φ'(α)| ≤ curvature·|φ'(0)|` for `φ(α) = f(x + αd)`, by
/// safeguarded cubic and quadratic interpolation inside an interval of uncertainty that shrinks
/// until it brackets such a step.
///
/// A trial step where the loss or its gradient is not finite is refused: the step is halved toward
/// the best point so far and never extended past it again, so NaN or ∞ never becomes the result.
struct MoreThuente {
  /// The sufficient-decrease constant (`ftol` in the paper).
  var decrease = 1e-4
  /// The curvature constant (`gtol` in the paper): 0.9 suits quasi-Newton directions.
  var curvature = 0.9
  /// The relative width of the interval of uncertainty at which the search gives up (`xtol`).
  var width = 1e-14
  /// The largest step tried.
  var maxStep = 1e20
  /// The most evaluations in one search.
  var maxEvaluations = 30

  /// A step satisfying the strong Wolfe conditions from `start` (step 0) along `direction`
  /// starting with the trial `initialStep`; when the search ends without one, the lowest point
  /// with sufficient decrease it met (nil if none) and the reason.
  func search<P: TensorTree>(
    _ objective: FlatObjective<P>, from start: LinePoint, along direction: [Double], initialStep: Double,
    evaluationBudget: Int
  ) -> (point: LinePoint?, failure: String) {
    let f0 = start.value
    let g0 = start.slope
    guard g0 < 0 else { return (nil, "the search direction is not a descent direction") }
    let gtest = decrease * g0
    var bracketed = false
    var stage = 1
    var intervalWidth = maxStep
    var previousWidth = 2 * maxStep
    // The best step (x) and the other end of the interval (y), with their values and slopes.
    var stx = 0.0, fx = f0, gx = g0
    var sty = 0.0, fy = f0, gy = g0
    var stmin = 0.0
    var stmax = initialStep * 5
    var stepCap = maxStep
    var step = min(max(initialStep, 0), stepCap)
    var evaluations = 0
    var best: LinePoint? = nil

    while evaluations < min(maxEvaluations, evaluationBudget) {
      let x = adding(start.x, step, direction)
      let (value, gradient) = objective.evaluate(x)
      evaluations += 1
      let slope = dotProduct(gradient, direction)
      guard value.isFinite, slope.isFinite, allFinite(gradient) else {
        // Refuse the point: shrink toward the best step and never come back this far.
        if step > stx { stepCap = min(stepCap, step) }
        stmax = min(stmax, stepCap)
        step = stx + 0.5 * (step - stx)
        continue
      }
      let point = LinePoint(step: step, x: x, value: value, gradient: gradient, slope: slope)
      let ftest = f0 + step * gtest
      if value <= ftest, best.map({ value < $0.value }) ?? true { best = point }
      if value <= ftest && abs(slope) <= curvature * -g0 { return (point, "") }
      if stage == 1 && value <= ftest && slope >= 0 { stage = 2 }
      if bracketed && (step <= stmin || step >= stmax) {
        return (best, "rounding errors prevent progress in the line search")
      }
      if bracketed && stmax - stmin <= width * stmax {
        return (best, "the line search's interval of uncertainty fell below its tolerance")
      }
      if step >= stepCap && value <= ftest && slope <= gtest {
        return (best, "the line search reached its largest step")
      }
      if stage == 1 && value <= fx && value > ftest {
        // The modified function ψ(α) = φ(α) − φ(0) − α·gtest until a step with ψ ≤ 0 and φ' ≥ 0.
        var fxm = fx - stx * gtest, gxm = gx - gtest
        var fym = fy - sty * gtest, gym = gy - gtest
        safeguardedStep(
          &stx, &fxm, &gxm, &sty, &fym, &gym, &step, value - step * gtest, slope - gtest, &bracketed, stmin, stmax)
        fx = fxm + stx * gtest
        fy = fym + sty * gtest
        gx = gxm + gtest
        gy = gym + gtest
      } else {
        safeguardedStep(&stx, &fx, &gx, &sty, &fy, &gy, &step, value, slope, &bracketed, stmin, stmax)
      }
      if bracketed {
        // Force sufficient shrinking of the interval: bisect when two steps shrank it too little.
        if abs(sty - stx) >= 0.66 * previousWidth { step = stx + 0.5 * (sty - stx) }
        previousWidth = intervalWidth
        intervalWidth = abs(sty - stx)
        stmin = min(stx, sty)
        stmax = max(stx, sty)
      } else {
        stmin = step + 1.1 * (step - stx)
        stmax = step + 4 * (step - stx)
      }
      step = min(max(step, 0), stepCap)
      if step >= stepCap && stepCap < maxStep { step = stx + 0.5 * (stepCap - stx) }
      if bracketed && (step <= stmin || step >= stmax || stmax - stmin <= width * stmax) { step = stx }
    }
    return (best, "the line search used all its evaluations")
  }
}

/// One safeguarded step of the Moré–Thuente search (the paper's update algorithm): a new trial
/// step from a cubic or quadratic model of φ through the best point (`stx`), the interval's other
/// end (`sty`) and the trial point (`step`), and the interval updated with the trial's value
/// `fp` and slope `dp`.
private func safeguardedStep(
  _ stx: inout Double, _ fx: inout Double, _ dx: inout Double, _ sty: inout Double, _ fy: inout Double,
  _ dy: inout Double, _ step: inout Double, _ fp: Double, _ dp: Double, _ bracketed: inout Bool,
  _ stpmin: Double, _ stpmax: Double
) {
  let stp = step
  let sgnd = dp * (dx / abs(dx))
  var stpf: Double
  if fp > fx {
    // Case 1: a higher value; the minimum is bracketed. Take the cubic step if it is closer to
    // stx than the quadratic step, else their average.
    let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
    let s = max(abs(theta), abs(dx), abs(dp))
    var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
    if stp < stx { gamma = -gamma }
    let p = (gamma - dx) + theta
    let q = ((gamma - dx) + gamma) + dp
    let stpc = stx + (p / q) * (stp - stx)
    let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
    stpf = abs(stpc - stx) < abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2
    bracketed = true
  } else if sgnd < 0 {
    // Case 2: a lower value and slopes of opposite sign; the minimum is bracketed. Take the step
    // farther from stp of the cubic and the secant step.
    let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
    let s = max(abs(theta), abs(dx), abs(dp))
    var gamma = s * ((theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
    if stp > stx { gamma = -gamma }
    let p = (gamma - dp) + theta
    let q = ((gamma - dp) + gamma) + dx
    let stpc = stp + (p / q) * (stx - stp)
    let stpq = stp + (dp / (dp - dx)) * (stx - stp)
    stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
    bracketed = true
  } else if abs(dp) < abs(dx) {
    // Case 3: a lower value, slopes of the same sign, and the slope's magnitude decreases. The
    // cubic step is used only if it tends to infinity in the direction of the step or its
    // minimum lies beyond stp.
    let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
    let s = max(abs(theta), abs(dx), abs(dp))
    var gamma = s * max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)).squareRoot()
    if stp > stx { gamma = -gamma }
    let p = (gamma - dp) + theta
    let q = (gamma + (dx - dp)) + gamma
    let r = p / q
    let stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : (stp > stx ? stpmax : stpmin)
    let stpq = stp + (dp / (dp - dx)) * (stx - stp)
    if bracketed {
      stpf = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
      stpf = stp > stx ? min(stp + 0.66 * (sty - stp), stpf) : max(stp + 0.66 * (sty - stp), stpf)
    } else {
      stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
      stpf = max(stpmin, min(stpmax, stpf))
    }
  } else {
    // Case 4: a lower value, slopes of the same sign, and the slope does not decrease: the cubic
    // step through stp and sty when bracketed, else the interval's end.
    if bracketed {
      let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
      let s = max(abs(theta), abs(dy), abs(dp))
      var gamma = s * ((theta / s) * (theta / s) - (dy / s) * (dp / s)).squareRoot()
      if stp > sty { gamma = -gamma }
      let p = (gamma - dp) + theta
      let q = ((gamma - dp) + gamma) + dy
      stpf = stp + (p / q) * (sty - stp)
    } else {
      stpf = stp > stx ? stpmax : stpmin
    }
  }
  // The new interval of uncertainty.
  if fp > fx {
    sty = stp
    fy = fp
    dy = dp
  } else {
    if sgnd < 0 {
      sty = stx
      fy = fx
      dy = dx
    }
    stx = stp
    fx = fp
    dx = dp
  }
  step = stpf
}
