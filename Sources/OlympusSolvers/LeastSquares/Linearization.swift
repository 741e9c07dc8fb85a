import OlympusCore

/// The residuals linearized at the current point: what the trust-region loop needs from a dense
/// Jacobian or from Jacobian products. Steps are in scaled variables `p̃ = p / d`.
protocol Linearization {
  /// The gradient of the cost, `Jᵀr` (unscaled, float64).
  var gradient: Tensor { get }
  /// The norms of the Jacobian's columns, when the Jacobian is formed.
  var columnNorms: [Double]? { get }
  /// Prepares steps for the scale `d` (called once per linearization, before `step`).
  mutating func prepare(scale: Tensor)
  /// The step of `method` within `radius` (scaled) and the reduction the linear model predicts.
  mutating func step(_ method: LeastSquaresMethod, radius: Double) -> (step: Tensor, predictedReduction: Double)
  /// The reduction the linear model predicts for any scaled step (after projection on bounds).
  func predictedReduction(of step: Tensor) -> Double
}

/// A formed Jacobian `[m, n]`, steps from the spectrum of `J·diag(d)` (its singular value
/// decomposition or the normal equations, as ``LeastSquaresDenseSolver`` chooses).
struct DenseLinearization: Linearization {
  let jacobian: Tensor
  let residuals: Tensor
  let gradient: Tensor
  let columnNorms: [Double]?
  let solver: LeastSquaresDenseSolver
  private var scaledJacobian = Tensor.failed
  private var scaledGradient = Tensor.failed
  private var scale = Tensor.failed
  private var spectrum: ScaledJacobianSpectrum?
  private var subproblem = TrustRegionSubproblem(squaredSingularValues: [], gradientCoordinates: [])
  /// The second directional derivative `r''(x)[δ, δ]` along a step, for geodesic acceleration.
  let curvature: ((Tensor) -> Tensor)?

  init(
    jacobian: Tensor, residuals: Tensor, solver: LeastSquaresDenseSolver = .automatic,
    curvature: ((Tensor) -> Tensor)? = nil
  ) {
    self.jacobian = jacobian
    self.residuals = residuals
    self.solver = solver
    self.curvature = curvature
    gradient = matmul(jacobian.T, residuals)
    columnNorms = sqrt((jacobian * jacobian).sum(axes: [0])).scalars(as: Double.self)
  }

  /// The spectrum from the normal equations when `solver` asks for them (`automatic`: on large,
  /// tall Jacobians while `κ(J̃)² ≤ 10⁶`), else from the singular value decomposition.
  private func decompose() -> ScaledJacobianSpectrum {
    let (m, n) = (jacobian.shape[0], jacobian.shape[1])
    let conditionLimit: Double?
    switch solver {
    case .singularValueDecomposition: return ScaledJacobianSpectrum(decomposing: scaledJacobian)
    case .normalEquations: conditionLimit = nil
    case .automatic:
      guard m >= n, m * n * n >= 1_000_000 else { return ScaledJacobianSpectrum(decomposing: scaledJacobian) }
      conditionLimit = 1e6
    }
    let gram = matmul(jacobian.T, jacobian)
    return ScaledJacobianSpectrum(gram: gram, jacobian: jacobian, scale: scale, conditionLimit: conditionLimit)
      ?? ScaledJacobianSpectrum(decomposing: scaledJacobian)
  }

  mutating func prepare(scale: Tensor) {
    self.scale = scale
    scaledJacobian = jacobian * scale
    scaledGradient = gradient * scale
    let spectrum = decompose()
    self.spectrum = spectrum
    subproblem = TrustRegionSubproblem(
      squaredSingularValues: spectrum.squaredSingularValues, gradientCoordinates: spectrum.coordinates(of: residuals))
  }

  mutating func step(_ method: LeastSquaresMethod, radius: Double) -> (step: Tensor, predictedReduction: Double) {
    guard let spectrum else { return (Tensor.failed, .nan) }
    var coefficients = subproblem.step(method, radius: radius, dimension: jacobian.shape[1])
    var step = matmul(spectrum.rightSingularVectors.T, Tensor(coefficients))
    if method == .levenbergMarquardt, let curvature {
      // Geodesic acceleration (Transtrum and Sethna 2012): the second-order correction
      // a = −(J̃ᵀJ̃ + αI)⁻¹ J̃ᵀ r''[v, v], kept when 2‖a‖ ≤ 0.75‖v‖.
      let projected = spectrum.coordinates(of: curvature(step * scale))
      let squared = spectrum.squaredSingularValues
      let alpha = subproblem.damping
      let acceleration = squared.indices.map { i in squared[i] + alpha > 0 ? -projected[i] / (squared[i] + alpha) : 0 }
      if acceleration.allSatisfy(\.isFinite), 2 * norm(acceleration) <= 0.75 * norm(coefficients) {
        coefficients = zip(coefficients, acceleration).map { $0 + 0.5 * $1 }
        let length = norm(coefficients)
        if length > radius { coefficients = coefficients.map { $0 * radius / length } }
        step = matmul(spectrum.rightSingularVectors.T, Tensor(coefficients))
      }
    }
    return (step, subproblem.predictedReduction(coefficients))
  }

  func predictedReduction(of step: Tensor) -> Double {
    let image = matmul(scaledJacobian, step)
    return -(innerProduct(scaledGradient, step) + 0.5 * innerProduct(image, image))
  }
}

/// Jacobian products only: steps from LSMR on the damped linear problem, refined in the plane of
/// the gradient and the LSMR step (SciPy `trf`'s `tr_solver="lsmr"` strategy).
struct MatrixFreeLinearization: Linearization {
  let jacobian: LinearOperator
  let residuals: Tensor
  let gradient: Tensor
  var columnNorms: [Double]? { nil }
  private var scale = Tensor.failed
  private var scaledJacobian = LinearOperator.identity(0)
  private var scaledGradient = Tensor.failed

  init(jacobian: LinearOperator, residuals: Tensor) {
    self.jacobian = jacobian
    self.residuals = residuals
    gradient = jacobian.applyTranspose(residuals)
  }

  mutating func prepare(scale: Tensor) {
    self.scale = scale
    scaledJacobian = jacobian.composed(with: .diagonal(scale))
    scaledGradient = gradient * scale
  }

  /// LSMR's stopping tolerance: loose far from a solution, tighter near one (an inexact-Newton
  /// forcing term `min(10⁻⁴, √‖r‖)`, which keeps superlinear local convergence of order 1.5
  /// without over-solving any step).
  private var linearTolerance: Double { Swift.max(1e-14, Swift.min(1e-4, vectorNorm(residuals).squareRoot())) }

  mutating func step(_ method: LeastSquaresMethod, radius: Double) -> (step: Tensor, predictedReduction: Double) {
    let tolerance = linearTolerance
    if method == .gaussNewton {
      var step = lsmr(scaledJacobian, -residuals, absoluteTolerance: tolerance, relativeTolerance: tolerance, conditionLimit: 0).solution
      let length = vectorNorm(step)
      if length > radius { step = step * (radius / length) }
      return (step, predictedReduction(of: step))
    }
    // Damping from the model's decrease along the gradient within the radius (SciPy's
    // regularization), then the model minimized in the plane of the gradient and that step.
    let gradientNorm = vectorNorm(scaledGradient)
    guard gradientNorm > 0 else { return (Tensor.zeros(like: scaledGradient), 0) }
    let image = scaledJacobian.apply(scaledGradient)
    let a = 0.5 * innerProduct(image, image), b = -gradientNorm * gradientNorm
    let t = Swift.min(a > 0 ? -b / (2 * a) : .infinity, radius / gradientNorm)
    let damping = (Swift.max(0, -(a * t * t + b * t)) / (radius * radius)).squareRoot()
    let solved = lsmr(
      scaledJacobian, -residuals, damping: damping, absoluteTolerance: tolerance, relativeTolerance: tolerance, conditionLimit: 0
    )
    let candidate = solved.solution
    let first = scaledGradient / gradientNorm
    let orthogonal = candidate - innerProduct(candidate, first) * first
    let orthogonalNorm = vectorNorm(orthogonal)
    var basis = [first]
    if orthogonalNorm > 1e-12 * vectorNorm(candidate) { basis.append(orthogonal / orthogonalNorm) }
    let images = basis.count == 1 ? [image / gradientNorm] : [image / gradientNorm, scaledJacobian.apply(basis[1])]
    let gram = images.map { left in images.map { innerProduct(left, $0) } }
    let projectedGradient = basis.map { innerProduct(scaledGradient, $0) }
    let (values, vectors) = symmetricEigen(gram)
    var subproblem = TrustRegionSubproblem(
      squaredSingularValues: values.map { Swift.max($0, 0) },
      gradientCoordinates: vectors.map { dotProduct($0, projectedGradient) })
    let coefficients = subproblem.step(method, radius: radius, dimension: basis.count)
    var step = Tensor.zeros(like: scaledGradient)
    for (vector, c) in zip(vectors, coefficients) {
      for (direction, weight) in zip(basis, vector) { step = step + (c * weight) * direction }
    }
    return (step, subproblem.predictedReduction(coefficients))
  }

  func predictedReduction(of step: Tensor) -> Double {
    let image = scaledJacobian.apply(step)
    return -(innerProduct(scaledGradient, step) + 0.5 * innerProduct(image, image))
  }
}

/// Eigenvalues (descending) and unit eigenvectors of a symmetric 1×1 or 2×2 matrix, in closed form.
func symmetricEigen(_ m: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
  if m.count == 1 { return ([m[0][0]], [[1]]) }
  let a = m[0][0], b = m[0][1], d = m[1][1]
  let mean = 0.5 * (a + d), radius = (0.25 * (a - d) * (a - d) + b * b).squareRoot()
  let values = [mean + radius, mean - radius]
  guard b != 0 else { return a >= d ? (values, [[1, 0], [0, 1]]) : (values, [[0, 1], [1, 0]]) }
  let vectors = values.map { lambda -> [Double] in
    let v = [b, lambda - a]
    let length = norm(v)
    return v.map { $0 / length }
  }
  return (values, vectors)
}
