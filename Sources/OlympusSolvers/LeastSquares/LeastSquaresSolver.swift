import OlympusCore

/// The trust-region iteration of ``leastSquares(residuals:initial:method:options:)`` on the
/// parameters raveled into one float64 vector.
struct LeastSquaresSolver<P: TensorTree> {
  /// The residual function as given.
  let original: (Tensor) -> Tensor
  /// The residual function, the dense Jacobian by forward and by reverse mode, and the second
  /// directional derivative `r''(x)[v, v]`, as evaluated: staged by `jit` or not (see
  /// ``LeastSquaresCompilation``).
  var residuals: (Tensor) -> Tensor
  var forwardJacobian: (Tensor) -> Tensor
  var reverseJacobian: (Tensor) -> Tensor
  var curvature: (Tensor, Tensor) -> Tensor
  let method: LeastSquaresMethod
  let options: LeastSquaresOptions<P>
  let lower: Tensor?
  let upper: Tensor?
  let fixedScale: Tensor?
  let useJacobianScale: Bool
  /// Whether the Jacobian is formed; decided once the residuals' length is known.
  var dense = true
  let maxEvaluations: Int
  var x: Tensor
  /// Whether an argument was rejected (inside `withErrorChecking`; outside, rejection traps).
  var rejected = false
  var residualEvaluations = 0
  var jacobianEvaluations = 0
  /// How many second directional derivatives geodesic acceleration took (shared with the closures).
  let curvatureCounter = Counter()
  let table: LeastSquaresTable?

  /// What the iteration ends with.
  struct Outcome {
    var x: Tensor
    var residuals: Tensor
    var cost: Double
    var optimality: Double
    var iterations: Int
    var residualEvaluations: Int
    var jacobianEvaluations: Int
    var secondDerivativeEvaluations: Int
    var converged: Bool
    var reason: String
  }

  /// The residual function, its Jacobians and its second directional derivative, staged by `jit`
  /// or not.
  static func functions(of residuals: @escaping (Tensor) -> Tensor, staged: Bool) -> (
    residuals: (Tensor) -> Tensor, forwardJacobian: (Tensor) -> Tensor, reverseJacobian: (Tensor) -> Tensor,
    curvature: (Tensor, Tensor) -> Tensor
  ) {
    let secondDerivative = { (point: Tensor, direction: Tensor) -> Tensor in
      jvp(at: point, along: direction) { y in jvp(at: y, along: direction, of: residuals).tangent }.tangent
    }
    let forward = jacfwd(of: residuals), reverse = jacrev(of: residuals)
    guard staged else { return (residuals, forward, reverse, secondDerivative) }
    let stagedCurvature = jit { (a: [Tensor]) in [secondDerivative(a[0], a[1])] }
    return (jit(residuals), jit(forward), jit(reverse), { stagedCurvature([$0, $1])[0] })
  }

  init(
    residuals: @escaping (Tensor) -> Tensor, start: Tensor, method: LeastSquaresMethod, options: LeastSquaresOptions<P>,
    flatten: (P) -> Tensor
  ) {
    original = residuals
    (self.residuals, forwardJacobian, reverseJacobian, curvature) = Self.functions(
      of: residuals, staged: options.compile == .jit)
    self.method = method
    self.options = options
    let n = start.elementCount
    var rejected = false
    func vector(_ tree: P?, _ role: String) -> Tensor? {
      guard let tree else { return nil }
      let v = flatten(tree)
      guard check(v.elementCount == n, OlympusError("leastSquares", "the \(role) hold \(v.elementCount) values, the parameters \(n)"))
      else {
        rejected = true
        return nil
      }
      return v
    }
    lower = vector(options.lowerBounds, "lower bounds")
    upper = vector(options.upperBounds, "upper bounds")
    switch options.scaling {
    case .fixed(let scale):
      let v = vector(scale, "scales")
      if let v, check(v.min().item() > 0, OlympusError("leastSquares", "scales must be positive")) {
        fixedScale = v
      } else {
        rejected = true
        fixedScale = nil
      }
      useJacobianScale = false
    case .none:
      fixedScale = nil
      useJacobianScale = false
    case .jacobian:
      fixedScale = nil
      useJacobianScale = true
    }
    self.rejected = rejected
    maxEvaluations = options.maxEvaluations ?? 100 * Swift.max(n, 1)
    var x = start
    if let lower { x = maximum(x, lower) }
    if let upper { x = minimum(x, upper) }
    self.x = x
    table = options.verbose ? LeastSquaresTable() : nil
  }

  /// The residuals and cost at `point`, counted; the cost is infinite when a residual is not finite.
  mutating func evaluate(_ point: Tensor) -> (residuals: Tensor, cost: Double) {
    residualEvaluations += 1
    let r = residuals(point)
    let cost = 0.5 * innerProduct(r, r)
    return (r, cost.isFinite ? cost : .infinity)
  }

  /// The residuals linearized at `x`, counted.
  mutating func linearize(_ r: Tensor) -> any Linearization {
    jacobianEvaluations += 1
    let n = x.elementCount
    if dense {
      let jacobian = r.elementCount >= n ? forwardJacobian(x) : reverseJacobian(x)
      let point = x, secondDerivative = self.curvature
      let counter = curvatureCounter
      let curvature = { (direction: Tensor) -> Tensor in
        counter.count += 1
        return secondDerivative(point, direction)
      }
      return DenseLinearization(
        jacobian: jacobian, residuals: r, solver: options.denseSolver, curvature: options.geodesicAcceleration ? curvature : nil)
    }
    return MatrixFreeLinearization(jacobian: jacobianOperator(of: residuals, at: x), residuals: r)
  }

  mutating func run() -> Outcome {
    if rejected { return outcome(.failed, .nan, .nan, 0, false, "rejected arguments") }
    var (r, cost) = evaluate(x)
    guard cost.isFinite else {
      return outcome(r, cost, .nan, 0, false, "the residuals at the initial point are not finite")
    }
    let n = x.elementCount
    dense =
      switch options.jacobian {
      case .dense: true
      case .matrixFree: false
      case .automatic: n <= 1000 && r.elementCount * n <= 10_000_000
      }
    if dense, options.compile == .automatic {
      (residuals, forwardJacobian, reverseJacobian, curvature) = Self.functions(of: original, staged: true)
    }
    // The loop's vectors in parameter space live on the host (see `Linearization`).
    var point = x.scalars(as: Double.self)
    let (lowerValues, upperValues) = (lower?.scalars(as: Double.self), upper?.scalars(as: Double.self))
    let fixedValues = fixedScale?.scalars(as: Double.self)
    var linearization = linearize(r)
    var scaleInverse = [Double](repeating: 1, count: n)
    var radius = 0.0
    var iteration = 0
    var optimality = 0.0
    while true {
      let gradient = linearization.gradient
      optimality = largestMagnitude(gradient)
      // The scale d: fixed, none, or 1/(largest column norm so far), zero columns left at 1.
      let scale: [Double]
      if let fixedValues {
        scale = fixedValues
      } else if useJacobianScale, let norms = linearization.columnNorms {
        scaleInverse = zip(scaleInverse, norms).map { iteration == 0 ? ($1 > 0 ? $1 : 1) : Swift.max($0, $1) }
        scale = scaleInverse.map { 1 / $0 }
      } else {
        scale = [Double](repeating: 1, count: n)
      }
      if iteration == 0 {
        radius = norm(zip(point, scale).map { $0 / $1 })
        if radius == 0 { radius = 1 }
        table?.printHeader()
        table?.printRow(LeastSquaresIteration(
          iteration: 0, residualEvaluations: residualEvaluations, cost: cost, costReduction: .nan, stepNorm: .nan,
          optimality: optimality, trustRadius: radius))
      }
      if cost == 0 { return outcome(r, cost, optimality, iteration, true, "the residuals are zero") }
      // MINPACK's gtol: the largest cosine between the residuals and a Jacobian column.
      let residualNorm = (2 * cost).squareRoot()
      let columnNorms = linearization.columnNorms ?? [Double](repeating: 1, count: n)
      let cosines = zip(gradient, columnNorms).map { $1 > 0 ? Swift.abs($0) / ($1 * residualNorm) : 0 }
      if (cosines.max() ?? 0) <= options.gtol {
        return outcome(r, cost, optimality, iteration, true, "the gradient is orthogonal to the residuals within gtol")
      }
      linearization.prepare(scale: scale)
      // Trial steps until one lowers the cost or a tolerance or the evaluation limit ends the run.
      while true {
        guard residualEvaluations < maxEvaluations else {
          return outcome(r, cost, optimality, iteration, false, "reached the limit of \(maxEvaluations) residual evaluations")
        }
        var (scaledStep, predicted) = linearization.step(method, radius: radius)
        var trial = (0..<n).map { point[$0] + scaledStep[$0] * scale[$0] }
        if lowerValues != nil || upperValues != nil {
          if let lowerValues { trial = zip(trial, lowerValues).map { Swift.max($0, $1) } }
          if let upperValues { trial = zip(trial, upperValues).map { Swift.min($0, $1) } }
          scaledStep = (0..<n).map { (trial[$0] - point[$0]) / scale[$0] }
          predicted = linearization.predictedReduction(of: scaledStep)
        }
        let scaledNorm = norm(scaledStep)
        let stepNorm = norm(zip(trial, point).map { $0 - $1 })
        let trialTensor = Tensor(trial)
        let (trialResiduals, trialCost) = evaluate(trialTensor)
        let reduction = cost - trialCost
        let ratio = predicted > 0 ? reduction / predicted : (reduction > 0 ? 1 : -1)
        if ratio < 0.25 {
          radius = 0.25 * scaledNorm
        } else if ratio > 0.75, scaledNorm >= 0.95 * radius {
          radius *= 2
        }
        let smallReduction = reduction >= 0 && reduction < options.ftol * cost && ratio > 0.25
        let smallStep = stepNorm < options.xtol * (options.xtol + norm(point))
        let accepted = reduction > 0
        if accepted {
          x = trialTensor
          point = trial
          r = trialResiduals
          cost = trialCost
        }
        if accepted || smallReduction || smallStep {
          iteration += 1
          let report = LeastSquaresIteration(
            iteration: iteration, residualEvaluations: residualEvaluations, cost: cost,
            costReduction: accepted ? reduction : 0, stepNorm: accepted ? stepNorm : 0, optimality: optimality,
            trustRadius: radius)
          table?.printRow(report)
          options.callback?(report)
        }
        if smallReduction {
          return finish(r, cost, iteration, "the cost reduction fell below ftol")
        }
        if smallStep { return finish(r, cost, iteration, "the step fell below xtol") }
        if accepted { break }
      }
      linearization = linearize(r)
    }
  }

  /// The converged outcome at the current point, with the optimality recomputed there from one
  /// vector–Jacobian product (not counted as a Jacobian evaluation: it steers no step).
  private func finish(_ r: Tensor, _ cost: Double, _ iteration: Int, _ reason: String) -> Outcome {
    let gradient = vjp(at: x, of: residuals).pullback(r)
    return outcome(r, cost, abs(gradient).max().item(), iteration, true, reason)
  }

  private func outcome(
    _ r: Tensor, _ cost: Double, _ optimality: Double, _ iterations: Int, _ converged: Bool, _ reason: String
  ) -> Outcome {
    Outcome(
      x: x, residuals: r, cost: cost, optimality: optimality, iterations: iterations, residualEvaluations: residualEvaluations,
      jacobianEvaluations: jacobianEvaluations, secondDerivativeEvaluations: curvatureCounter.count, converged: converged,
      reason: reason)
  }
}

/// The largest absolute value of the entries (0 for none; NaN when one is NaN).
func largestMagnitude(_ values: [Double]) -> Double {
  values.reduce(0.0) { $1.isNaN || $0.isNaN ? .nan : Swift.max($0, Swift.abs($1)) }
}

/// A count that closures created by the solver add to.
final class Counter {
  var count = 0
}
