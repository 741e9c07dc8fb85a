import OlympusCore

/// The residuals linearized at the current point: what the trust-region loop needs from a dense
/// Jacobian or from Jacobian products. Steps are in scaled variables `p̃ = p / d`; vectors in
/// parameter space are host arrays (the loop's bookkeeping costs less there than as tensor
/// operations, each of which would be dispatched on its own).
protocol Linearization {
  /// The gradient of the cost, `Jᵀr` (unscaled).
  var gradient: [Double] { get }
  /// The norms of the Jacobian's columns, when the Jacobian is formed.
  var columnNorms: [Double]? { get }
  /// Prepares steps for the scale `d` (called once per linearization, before `step`).
  mutating func prepare(scale: [Double])
  /// The step of `method` within `radius` (scaled) and the reduction the linear model predicts.
  mutating func step(_ method: LeastSquaresMethod, radius: Double) -> (step: [Double], predictedReduction: Double)
  /// The reduction the linear model predicts for any scaled step (after projection on bounds).
  func predictedReduction(of step: [Double]) -> Double
}

/// A formed Jacobian `[m, n]`, steps from the spectrum of `J·diag(d)` (its singular value
/// decomposition or the normal equations, as ``LeastSquaresDenseSolver`` chooses).
struct DenseLinearization: Linearization {
  let jacobian: Tensor
  let gradient: [Double]
  let columnNorms: [Double]?
  let solver: LeastSquaresDenseSolver
  /// The Jacobian (row-major) and the residuals on the host.
  private let entries: [Double]
  private let residuals: [Double]
  private let rows: Int
  private let columns: Int
  private var scale: [Double] = []
  private var scaledGradient: [Double] = []
  private var spectrum: ScaledJacobianSpectrum?
  private var subproblem = TrustRegionSubproblem(squaredSingularValues: [], gradientCoordinates: [])
  /// The second directional derivative `r''(x)[δ, δ]` along a step, for geodesic acceleration.
  let curvature: ((Tensor) -> Tensor)?

  init(
    jacobian: Tensor, residuals: Tensor, solver: LeastSquaresDenseSolver = .automatic,
    curvature: ((Tensor) -> Tensor)? = nil
  ) {
    self.jacobian = jacobian
    self.solver = solver
    self.curvature = curvature
    (rows, columns) = (jacobian.shape[0], jacobian.shape[1])
    entries = jacobian.scalars(as: Double.self)
    self.residuals = residuals.scalars(as: Double.self)
    let (gradient, squares) = transposedProduct(entries, columns: columns, self.residuals, squares: true)
    self.gradient = gradient
    columnNorms = squares.map { $0.squareRoot() }
  }

  /// The Jacobian with its columns scaled by `scale`.
  private func scaledEntries() -> [Double] {
    var scaled = entries
    for i in 0..<rows {
      for j in 0..<columns { scaled[i * columns + j] *= scale[j] }
    }
    return scaled
  }

  /// The spectrum from the normal equations when `solver` asks for them (`automatic`: on large,
  /// tall Jacobians while `κ(J̃)² ≤ 10⁶`), else from the singular value decomposition.
  private func decompose() -> ScaledJacobianSpectrum {
    let conditionLimit: Double?
    switch solver {
    case .singularValueDecomposition:
      return ScaledJacobianSpectrum(decomposing: scaledEntries(), rows: rows, columns: columns)
    case .normalEquations: conditionLimit = nil
    case .automatic:
      guard rows >= columns, rows * columns * columns >= 1_000_000 else {
        return ScaledJacobianSpectrum(decomposing: scaledEntries(), rows: rows, columns: columns)
      }
      conditionLimit = 1e6
    }
    let gram = matmul(jacobian.T, jacobian).scalars(as: Double.self)
    return ScaledJacobianSpectrum(gram: gram, jacobian: entries, rows: rows, scale: scale, conditionLimit: conditionLimit)
      ?? ScaledJacobianSpectrum(decomposing: scaledEntries(), rows: rows, columns: columns)
  }

  mutating func prepare(scale: [Double]) {
    self.scale = scale
    scaledGradient = zip(gradient, scale).map { $0 * $1 }
    let spectrum = decompose()
    self.spectrum = spectrum
    subproblem = TrustRegionSubproblem(
      squaredSingularValues: spectrum.squaredSingularValues, gradientCoordinates: spectrum.coordinates(of: residuals))
  }

  mutating func step(_ method: LeastSquaresMethod, radius: Double) -> (step: [Double], predictedReduction: Double) {
    guard let spectrum else { return ([], .nan) }
    var coefficients = subproblem.step(method, radius: radius, dimension: columns)
    var step = spectrum.vector(coefficients)
    if method == .levenbergMarquardt, let curvature {
      // Geodesic acceleration (Transtrum and Sethna 2012): the second-order correction
      // a = −(J̃ᵀJ̃ + αI)⁻¹ J̃ᵀ r''[v, v], kept when 2‖a‖ ≤ 0.75‖v‖.
      let direction = Tensor(zip(step, scale).map { $0 * $1 })
      let projected = spectrum.coordinates(of: curvature(direction).scalars(as: Double.self))
      let squared = spectrum.squaredSingularValues
      let alpha = subproblem.damping
      let acceleration = squared.indices.map { i in squared[i] + alpha > 0 ? -projected[i] / (squared[i] + alpha) : 0 }
      if acceleration.allSatisfy(\.isFinite), 2 * norm(acceleration) <= 0.75 * norm(coefficients) {
        coefficients = zip(coefficients, acceleration).map { $0 + 0.5 * $1 }
        let length = norm(coefficients)
        if length > radius { coefficients = coefficients.map { $0 * radius / length } }
        step = spectrum.vector(coefficients)
      }
    }
    return (step, subproblem.predictedReduction(coefficients))
  }

  func predictedReduction(of step: [Double]) -> Double {
    let image = product(entries, columns: columns, zip(scale, step).map { $0 * $1 })
    return -(dotProduct(scaledGradient, step) + 0.5 * dotProduct(image, image))
  }
}

/// Jacobian products only: steps from LSMR on the damped linear problem, refined in the plane of
/// the gradient and the LSMR step (SciPy `trf`'s `tr_solver="lsmr"` strategy).
struct MatrixFreeLinearization: Linearization {
  let jacobian: LinearOperator
  let residuals: Tensor
  let gradient: [Double]
  var columnNorms: [Double]? { nil }
  private var scale = Tensor.failed
  private var scaledJacobian = LinearOperator.identity(0)
  private var scaledGradient = Tensor.failed

  init(jacobian: LinearOperator, residuals: Tensor) {
    self.jacobian = jacobian
    self.residuals = residuals
    gradient = jacobian.applyTranspose(residuals).scalars(as: Double.self)
  }

  mutating func prepare(scale: [Double]) {
    self.scale = Tensor(scale)
    scaledJacobian = jacobian.composed(with: .diagonal(self.scale))
    scaledGradient = Tensor(gradient) * self.scale
  }

  /// LSMR's stopping tolerance: loose far from a solution, tighter near one (an inexact-Newton
  /// forcing term `min(10⁻⁴, √‖r‖)`, which keeps superlinear local convergence of order 1.5
  /// without over-solving any step).
  private var linearTolerance: Double { Swift.max(1e-14, Swift.min(1e-4, vectorNorm(residuals).squareRoot())) }

  mutating func step(_ method: LeastSquaresMethod, radius: Double) -> (step: [Double], predictedReduction: Double) {
    let (step, predicted) = tensorStep(method, radius: radius)
    return (step.scalars(as: Double.self), predicted)
  }

  /// The step of `method` within `radius`, as a tensor.
  private func tensorStep(_ method: LeastSquaresMethod, radius: Double) -> (step: Tensor, predictedReduction: Double) {
    let tolerance = linearTolerance
    if method == .gaussNewton {
      var step = lsmr(scaledJacobian, -residuals, absoluteTolerance: tolerance, relativeTolerance: tolerance, conditionLimit: 0).solution
      let length = vectorNorm(step)
      if length > radius { step = step * (radius / length) }
      return (step, predictedReduction(ofTensor: step))
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

  func predictedReduction(of step: [Double]) -> Double { predictedReduction(ofTensor: Tensor(step)) }

  private func predictedReduction(ofTensor step: Tensor) -> Double {
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
