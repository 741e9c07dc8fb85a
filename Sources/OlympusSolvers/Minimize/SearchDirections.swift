/// How a line-search method turns the gradient into a search direction, and what it learns from
/// each accepted step.
protocol SearchDirection {
  /// The direction at a point with gradient `gradient`, and the first step length to try along
  /// it; nil when the method has nothing learned yet (the driver then starts with steepest
  /// descent scaled to unit length).
  mutating func direction(for gradient: [Double]) -> [Double]?
  /// Learns from the step `s` and the gradient's change `y` along it.
  mutating func update(step s: [Double], gradientChange y: [Double])
  /// Forgets everything learned (after a direction that was not a descent direction).
  mutating func reset()
}

/// The L-BFGS direction `−H g` by the two-loop recursion (Nocedal and Wright, Algorithm 7.4) over
/// the last `memory` pairs, with the initial matrix `H₀ = (sᵀy / yᵀy) I` from the newest pair.
struct LimitedMemoryBFGS: SearchDirection {
  let memory: Int
  private var steps: [[Double]] = []
  private var changes: [[Double]] = []
  private var inverseCurvatures: [Double] = []

  init(memory: Int) { self.memory = max(1, memory) }

  mutating func direction(for gradient: [Double]) -> [Double]? {
    guard let newestStep = steps.last, let newestChange = changes.last else { return nil }
    var q = gradient
    var alphas = Array(repeating: 0.0, count: steps.count)
    for i in stride(from: steps.count - 1, through: 0, by: -1) {
      alphas[i] = inverseCurvatures[i] * dotProduct(steps[i], q)
      addScaled(&q, -alphas[i], changes[i])
    }
    let gamma = dotProduct(newestStep, newestChange) / dotProduct(newestChange, newestChange)
    var r = scaled(q, gamma)
    for i in 0..<steps.count {
      let beta = inverseCurvatures[i] * dotProduct(changes[i], r)
      addScaled(&r, alphas[i] - beta, steps[i])
    }
    return scaled(r, -1)
  }

  mutating func update(step s: [Double], gradientChange y: [Double]) {
    let curvature = dotProduct(s, y)
    // A pair without positive curvature would make H indefinite: skip it.
    guard curvature > Double.ulpOfOne * dotProduct(y, y) else { return }
    if steps.count == memory {
      steps.removeFirst()
      changes.removeFirst()
      inverseCurvatures.removeFirst()
    }
    steps.append(s)
    changes.append(y)
    inverseCurvatures.append(1 / curvature)
  }

  mutating func reset() {
    steps.removeAll()
    changes.removeAll()
    inverseCurvatures.removeAll()
  }
}

/// The BFGS direction `−H g` with a dense inverse-Hessian approximation `H`, updated by
/// `H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ` with `ρ = 1 / yᵀs` (Nocedal and Wright, (6.17)); before the
/// first update `H₀ = (yᵀs / yᵀy) I` (their (6.20)).
struct DenseBFGS: SearchDirection {
  let count: Int
  /// Row-major `count × count`, or empty before the first update.
  private var inverseHessian: [Double] = []

  init(count: Int) { self.count = count }

  mutating func direction(for gradient: [Double]) -> [Double]? {
    guard !inverseHessian.isEmpty else { return nil }
    return product(gradient).map { -$0 }
  }

  mutating func update(step s: [Double], gradientChange y: [Double]) {
    let curvature = dotProduct(s, y)
    guard curvature > Double.ulpOfOne * dotProduct(y, y) else { return }
    if inverseHessian.isEmpty {
      inverseHessian = Array(repeating: 0, count: count * count)
      let scale = curvature / dotProduct(y, y)
      for i in 0..<count { inverseHessian[i * count + i] = scale }
    }
    let rho = 1 / curvature
    let hy = product(y)
    let sCoefficient = rho * rho * dotProduct(y, hy) + rho
    let n = count
    inverseHessian.withUnsafeMutableBufferPointer { h in
      for i in 0..<n {
        for j in 0..<n {
          h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + sCoefficient * s[i] * s[j]
        }
      }
    }
  }

  mutating func reset() { inverseHessian = [] }

  /// `H v`.
  private func product(_ v: [Double]) -> [Double] {
    let n = count
    var result = Array(repeating: 0.0, count: n)
    inverseHessian.withUnsafeBufferPointer { h in
      for i in 0..<n {
        var sum = 0.0
        for j in 0..<n { sum += h[i * n + j] * v[j] }
        result[i] = sum
      }
    }
    return result
  }
}
