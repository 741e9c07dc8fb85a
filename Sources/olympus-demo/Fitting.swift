import Foundation
import Olympus

/// `olympus-demo fit [--file DATA.dat] [--json] [--jit | --eager]`: NIST StRD nonlinear regression problems fitted
/// by `leastSquares` with its default options from both certified starts, with the log relative
/// error (LRE: significant digits shared with the certified value) of every parameter and of the
/// residual sum of squares, the evaluations and the time of each fit. Without `--file`, the 27
/// problems bundled with Olympus; `--json` prints one JSON object per fit (as
/// Benchmarks/peers/nist_scipy.py does) instead of the table; `--jit` and `--eager` set
/// `options.compile` to `.jit` and `.eager`.
func runFit(_ arguments: ArraySlice<String>) throws {
  var file: String?
  var json = false
  var compile = LeastSquaresCompilation.automatic
  var remaining = arguments
  while let flag = remaining.popFirst() {
    switch flag {
    case "--file":
      guard let path = remaining.popFirst() else { throw DataError("fit: --file needs a path") }
      file = path
    case "--json": json = true
    case "--jit": compile = .jit
    case "--eager": compile = .eager
    default: throw DataError("fit: unknown option \(flag); fit takes --file DATA.dat, --json, --jit and --eager")
    }
  }
  let problems = try file.map { [try NISTProblem(contentsOf: URL(fileURLWithPath: $0))] } ?? NISTProblem.bundled()
  if !json {
    print("NIST StRD nonlinear regression, leastSquares with default options (Levenberg-Marquardt, float64, AD Jacobians)")
    print("LRE = significant digits shared with NIST's certified value (11 = all certified digits)\n")
    print(
      pad("problem", 10) + pad("start", 6) + pad("LRE b1 … bp", 44) + pad("LRE RSS", 8) + pad("f evals", 8) + pad("J evals", 8)
        + pad("r'' evals", 10) + "time ms")
  }
  var lowest: [Double] = []
  var all: [Double] = []
  var evaluations = 0
  var seconds = 0.0
  for problem in problems {
    for (index, start) in problem.starts.enumerated() {
      let clock = ContinuousClock.now
      var options = LeastSquaresOptions<Tensor>()
      options.compile = compile
      let fit = leastSquares(residuals: problem.residuals, initial: Tensor(start), options: options)
      let elapsed = ContinuousClock.now - clock
      let time = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      let (parameters, rss) = problem.logRelativeErrors(parameters: fit.parameters.scalars(as: Double.self))
      lowest.append(min(parameters.min() ?? 0, rss))
      all += parameters + [rss]
      evaluations += fit.residualEvaluations
      seconds += time
      if json {
        let lre = parameters.map { String(format: "%.2f", $0) }.joined(separator: ", ")
        print(
          "{\"problem\": \"\(problem.name)\", \"start\": \(index + 1), \"system\": \"olympus\", \"lre\": [\(lre)], "
            + "\"rss_lre\": \(String(format: "%.2f", rss)), \"nfev\": \(fit.residualEvaluations), "
            + "\"njev\": \(fit.jacobianEvaluations), \"n2ev\": \(fit.secondDerivativeEvaluations), \"seconds\": \(time), "
            + "\"converged\": \(fit.converged)}")
      } else {
        print(
          pad(problem.name, 10) + pad("\(index + 1)", 6) + pad(parameters.map { String(format: "%.1f", $0) }.joined(separator: " "), 44)
            + pad(String(format: "%.1f", rss), 8) + pad("\(fit.residualEvaluations)", 8) + pad("\(fit.jacobianEvaluations)", 8)
            + pad("\(fit.secondDerivativeEvaluations)", 10) + String(format: "%.1f", time * 1000))
      }
    }
  }
  let passed = lowest.filter { $0 >= 6 }.count
  let mean = all.reduce(0, +) / Double(max(all.count, 1))
  if json {
    print(
      "{\"summary\": \"olympus\", \"fits\": \(lowest.count), \"passed\": \(passed), \"mean_lre\": \(mean), "
        + "\"mean_min_lre\": \(lowest.reduce(0, +) / Double(max(lowest.count, 1))), "
        + "\"nfev\": \(evaluations), \"seconds\": \(seconds)}")
  } else {
    print(
      "\n\(passed) of \(lowest.count) fits with every LRE ≥ 6; mean LRE \(String(format: "%.2f", mean)); "
        + "\(evaluations) residual evaluations; \(String(format: "%.3f", seconds)) s")
  }
}

/// `text` left-aligned in a column of `width` characters.
private func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
