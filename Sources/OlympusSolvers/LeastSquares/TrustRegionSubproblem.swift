/// The linearized cost `½‖r + J̃·p‖²` in the basis of the right singular vectors of the scaled
/// Jacobian `J̃ = U·diag(s)·Vᵀ`: a step `p = V·c` costs `cost + w·c + ½ Σ s²c²` with `w = Vᵀ·J̃ᵀr`
/// (`w_i = s_i·(Uᵀr)_i`). Every step rule works on the coefficients `c`, so a decomposition is
/// computed once per Jacobian and each trial radius costs O(k).
struct TrustRegionSubproblem {
  /// Squared singular values, descending.
  let squaredSingularValues: [Double]
  /// The gradient's coordinates `Vᵀ·J̃ᵀr`.
  let gradientCoordinates: [Double]
  /// The damping of the last Levenberg–Marquardt step, the next one's starting guess.
  private(set) var damping = 0.0

  init(squaredSingularValues: [Double], gradientCoordinates: [Double]) {
    self.squaredSingularValues = squaredSingularValues
    self.gradientCoordinates = gradientCoordinates
  }

  /// Singular values at most this are treated as zero (LAPACK's `gelsd` default cutoff: the
  /// largest times machine epsilon times the larger dimension).
  private func isZero(_ squared: Double, dimension: Int) -> Bool {
    let largest = squaredSingularValues.first ?? 0
    let cutoff = largest.squareRoot() * Double.ulpOfOne * Double(Swift.max(dimension, 1))
    return squared.squareRoot() <= cutoff
  }

  /// The predicted reduction of the cost for coefficients `c`: `−(w·c + ½ Σ s²c²)`.
  func predictedReduction(_ c: [Double]) -> Double {
    var linear = 0.0, quadratic = 0.0
    for i in c.indices {
      linear += gradientCoordinates[i] * c[i]
      quadratic += squaredSingularValues[i] * c[i] * c[i]
    }
    return -(linear + 0.5 * quadratic)
  }

  /// The minimum-norm Gauss–Newton step's coefficients (zero along null directions).
  func gaussNewton(dimension: Int) -> [Double] {
    zip(squaredSingularValues, gradientCoordinates).map { s2, w in isZero(s2, dimension: dimension) ? 0 : -w / s2 }
  }

  /// Whether the decomposition has as many nonzero singular values as the problem has unknowns.
  func hasFullRank(dimension: Int) -> Bool {
    squaredSingularValues.count == dimension && !squaredSingularValues.contains { isZero($0, dimension: dimension) }
  }

  /// The Gauss–Newton step, shortened to `radius` when longer.
  func gaussNewtonStep(radius: Double, dimension: Int) -> [Double] {
    let step = gaussNewton(dimension: dimension)
    let length = norm(step)
    return length > radius ? step.map { $0 * radius / length } : step
  }

  /// The step `−w/(s² + α)` for damping `α`, with `‖p(α)‖` and its derivative in `α`.
  private func dampedStep(_ alpha: Double) -> (step: [Double], length: Double, derivative: Double) {
    var step = [Double](repeating: 0, count: gradientCoordinates.count)
    var lengthSquared = 0.0, slope = 0.0
    for i in step.indices {
      let denominator = squaredSingularValues[i] + alpha
      guard denominator > 0 else { continue }
      step[i] = -gradientCoordinates[i] / denominator
      lengthSquared += step[i] * step[i]
      slope += gradientCoordinates[i] * gradientCoordinates[i] / (denominator * denominator * denominator)
    }
    let length = lengthSquared.squareRoot()
    return (step, length, length > 0 ? -slope / length : 0)
  }

  /// The Levenberg–Marquardt step: the minimizer of the model within `radius`, by Moré's
  /// safeguarded Newton iteration on `φ(α) = ‖p(α)‖ − radius` (Moré 1978, MINPACK's `lmpar`),
  /// stopped when `|φ| ≤ radius/100`, the step then rescaled onto the boundary.
  mutating func levenbergMarquardtStep(radius: Double, dimension: Int) -> [Double] {
    let fullRank = hasFullRank(dimension: dimension)
    if fullRank {
      let step = gaussNewton(dimension: dimension)
      if norm(step) <= radius {
        damping = 0
        return step
      }
    }
    let gradientNorm = norm(gradientCoordinates)
    guard gradientNorm > 0 else { return gradientCoordinates.map { _ in 0 } }
    var upper = gradientNorm / radius
    var lower = 0.0
    if fullRank {
      let (_, length, derivative) = dampedStep(0)
      lower = -(length - radius) / derivative
    }
    func restart() -> Double { Swift.max(0.001 * upper, (lower * upper).squareRoot()) }
    var alpha = damping > lower && damping < upper ? damping : restart()
    for _ in 0..<10 {
      if alpha < lower || alpha > upper { alpha = restart() }
      let (_, length, derivative) = dampedStep(alpha)
      let phi = length - radius
      if phi < 0 { upper = alpha }
      let ratio = phi / derivative
      lower = Swift.max(lower, alpha - ratio)
      alpha -= (phi + radius) / radius * ratio
      if Swift.abs(phi) < 0.01 * radius { break }
    }
    alpha = Swift.max(alpha, 0)
    damping = alpha
    let (step, length, _) = dampedStep(alpha)
    return length > 0 ? step.map { $0 * radius / length } : step
  }

  /// Powell's dogleg step: the Gauss–Newton step when inside `radius`, else the point where the
  /// path from the Cauchy point to it crosses the boundary (the Cauchy direction cut at the
  /// boundary when the Cauchy point lies outside).
  func doglegStep(radius: Double, dimension: Int) -> [Double] {
    let newton = gaussNewton(dimension: dimension)
    if norm(newton) <= radius { return newton }
    // The gradient of the model is w (in coefficients); the Cauchy point is −t·w with
    // t = ‖w‖² / Σ s²w².
    var curvature = 0.0
    for i in gradientCoordinates.indices {
      curvature += squaredSingularValues[i] * gradientCoordinates[i] * gradientCoordinates[i]
    }
    let gradientNorm = norm(gradientCoordinates)
    guard gradientNorm > 0 else { return newton }
    let cauchyLength = curvature > 0 ? gradientNorm * gradientNorm / curvature : .infinity
    if cauchyLength * gradientNorm >= radius { return gradientCoordinates.map { -$0 * radius / gradientNorm } }
    let cauchy = gradientCoordinates.map { -$0 * cauchyLength }
    // ‖cauchy + τ(newton − cauchy)‖ = radius, τ in [0, 1].
    let direction = zip(newton, cauchy).map { $0 - $1 }
    let a = dotProduct(direction, direction), b = 2 * dotProduct(cauchy, direction), c = dotProduct(cauchy, cauchy) - radius * radius
    let tau = (-b + (b * b - 4 * a * c).squareRoot()) / (2 * a)
    return zip(cauchy, direction).map { $0 + tau * $1 }
  }

  /// The step of `method` within `radius`.
  mutating func step(_ method: LeastSquaresMethod, radius: Double, dimension: Int) -> [Double] {
    switch method {
    case .gaussNewton: gaussNewtonStep(radius: radius, dimension: dimension)
    case .levenbergMarquardt: levenbergMarquardtStep(radius: radius, dimension: dimension)
    case .dogleg: doglegStep(radius: radius, dimension: dimension)
    }
  }
}

/// The Euclidean norm of an array.
func norm(_ values: [Double]) -> Double { dotProduct(values, values).squareRoot() }

/// The inner product of two arrays of equal length.
func dotProduct(_ a: [Double], _ b: [Double]) -> Double {
  var sum = 0.0
  for i in a.indices { sum += a[i] * b[i] }
  return sum
}
