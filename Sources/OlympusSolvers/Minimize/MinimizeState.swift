/// The iterate a minimization method holds and the bookkeeping every method shares: the
/// convergence tests of ``MinimizeOptions``, the per-iteration report (callback and verbose
/// table), and the result.
struct MinimizeState {
  var x: [Double]
  var value: Double
  var gradient: [Double]
  var iterations = 0
  let options: MinimizeOptions
  /// The header of the verbose table's last column.
  let lastColumn: String

  init(x: [Double], value: Double, gradient: [Double], options: MinimizeOptions, lastColumn: String) {
    self.x = x
    self.value = value
    self.gradient = gradient
    self.options = options
    self.lastColumn = lastColumn
    if options.verbose {
      print(
        pad("iteration", 10) + pad("evaluations", 12) + pad("value", 24) + pad("gradient norm", 16)
          + pad("step norm", 16) + pad(lastColumn, 16))
      print(pad("0", 10) + pad("1", 12) + pad("\(value)", 24) + pad(scientific(norm(gradient), digits: 3), 16))
    }
  }

  var gradientNorm: Double { norm(gradient) }

  /// Why the iteration stops before any step, or nil: a gradient already within tolerance.
  func stopsBeforeStarting() -> (converged: Bool, reason: String)? {
    gradientNorm <= options.gradientTolerance
      ? (true, "the gradient norm \(scientific(gradientNorm, digits: 3)) is at most gradientTolerance \(scientific(options.gradientTolerance, digits: 3))")
      : nil
  }

  /// Moves to an accepted point, reports the iteration, and says why the iteration stops there
  /// (or nil to continue).
  ///
  /// A non-monotone method (`monotone: false`) is judged by the gradient test alone: one small
  /// decrease or short step says nothing about convergence when the loss may rise and fall.
  mutating func accept(
    x next: [Double], value nextValue: Double, gradient nextGradient: [Double], evaluations: Int,
    stepLengthOrRadius: Double, monotone: Bool = true
  ) -> (converged: Bool, reason: String)? {
    let stepNorm = norm(adding(next, -1, x))
    let previousValue = value
    let scale = norm(x)
    x = next
    value = nextValue
    gradient = nextGradient
    iterations += 1
    report(evaluations: evaluations, stepNorm: stepNorm, stepLengthOrRadius: stepLengthOrRadius)
    if gradientNorm <= options.gradientTolerance {
      return (true, "the gradient norm \(scientific(gradientNorm, digits: 3)) is at most gradientTolerance \(scientific(options.gradientTolerance, digits: 3))")
    }
    let decrease = previousValue - nextValue
    if monotone && options.valueTolerance > 0 && decrease >= 0 && decrease <= options.valueTolerance * max(abs(previousValue), abs(nextValue), 1) {
      return (true, "the loss decreased by \(scientific(decrease, digits: 3)), at most valueTolerance relative to its size")
    }
    if monotone && options.stepTolerance > 0 && stepNorm <= options.stepTolerance * (scale + options.stepTolerance) {
      return (true, "the step norm \(scientific(stepNorm, digits: 3)) is at most stepTolerance relative to ‖x‖")
    }
    return limitReached(evaluations: evaluations)
  }

  /// The reason to stop when an iteration or evaluation limit is reached, or nil.
  func limitReached(evaluations: Int) -> (converged: Bool, reason: String)? {
    if iterations >= options.maxIterations { return (false, "reached maxIterations (\(options.maxIterations))") }
    if evaluations >= options.maxEvaluations { return (false, "reached maxEvaluations (\(options.maxEvaluations))") }
    return nil
  }

  /// Reports an iteration to the callback and the verbose table.
  func report(evaluations: Int, stepNorm: Double, stepLengthOrRadius: Double) {
    let progress = MinimizeProgress(
      iteration: iterations, evaluations: evaluations, value: value, gradientNorm: gradientNorm, stepNorm: stepNorm,
      stepLengthOrRadius: stepLengthOrRadius)
    options.onIteration?(progress)
    if options.verbose {
      print(
        pad("\(iterations)", 10) + pad("\(evaluations)", 12) + pad("\(value)", 24) + pad(scientific(gradientNorm, digits: 3), 16)
          + pad(scientific(stepNorm, digits: 3), 16) + pad(scientific(stepLengthOrRadius, digits: 3), 16))
    }
  }
}

/// `text` padded with spaces to `width` characters.
private func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
