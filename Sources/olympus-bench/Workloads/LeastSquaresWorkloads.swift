import Olympus

/// The least-squares workloads S1–S3 (issue 14), beside `Benchmarks/peers/lsq_bench.py`.
extension Workload {
  /// S1: the 54 NIST StRD fits (27 problems × 2 certified starts), default options (and with
  /// `compile` set to `.eager` and to `.jit`).
  static let s1NISTSweep = Workload(name: "S1", summary: "leastSquares on the 54 NIST StRD fits, default options") { context in
    guard let problems = try? NISTProblem.bundled() else {
      print("S1: the bundled NIST files are missing")
      return
    }
    // `olympus`: the default options (dense problems staged when traceable); `olympus-eager`:
    // nothing staged; `olympus-jit`: everything staged. Every fit stages its functions anew (the
    // staging is part of the time).
    for (system, compile) in [("olympus", LeastSquaresCompilation.automatic), ("olympus-eager", .eager), ("olympus-jit", .jit)] {
      var options = LeastSquaresOptions<Tensor>()
      options.compile = compile
      context.measureCall(
        "S1", system: system, plan: RepetitionPlan(warmup: 1, minimumRepetitions: 5, minimumSeconds: 2),
        describe: { (fits: [Int]) in [("nfev", .integer(fits.reduce(0, +)))] }
      ) {
        problems.flatMap { problem in
          problem.starts.map { start in
            leastSquares(residuals: problem.residuals, initial: Tensor(start), options: options).residualEvaluations
          }
        }
      }
    }
  }

  /// S2: a dense fit, 10⁴ residuals and 100 parameters: `r(θ) = tanh(A·θ/10) − tanh(A·θ*/10)`,
  /// `A = det_uniform((10000, 100), 60, 2.0)`, `θ* = det_uniform(100, 61, 2.0)`, from θ = 0.
  static let s2DenseFit = Workload(name: "S2", summary: "leastSquares, dense, 10⁴ residuals × 100 parameters") { context in
    let a = LinalgInputs.uniform([10_000, 100], seed: 60)
    let target = tanh(matmul(a, LinalgInputs.uniform([100], seed: 61)) / 10)
    let residuals = { (theta: Tensor) in tanh(matmul(a, theta) / 10) - target }
    for (system, compile) in [("olympus", LeastSquaresCompilation.automatic), ("olympus-eager", .eager), ("olympus-jit", .jit)] {
      var options = LeastSquaresOptions<Tensor>()
      options.compile = compile
      context.measureCall(
        "S2", system: system, plan: RepetitionPlan(warmup: 1, minimumRepetitions: 5, minimumSeconds: 2),
        describe: { (fit: LeastSquaresResult<Tensor>) in
          [("cost", .number(fit.cost)), ("nfev", .integer(fit.residualEvaluations)), ("njev", .integer(fit.jacobianEvaluations))]
        }
      ) { leastSquares(residuals: residuals, initial: Tensor.zeros([100], dtype: .float64), options: options) }
    }
  }

  /// S3: the Broyden tridiagonal system (Moré–Garbow–Hillstrom #30), n = 10⁶, from x = −1, to
  /// ‖F‖ ≤ 1e−10, matrix-free (J·v and Jᵀ·u only).
  static let s3Broyden = Workload(name: "S3", summary: "leastSquares, matrix-free, Broyden tridiagonal n = 10⁶") { context in
    let n = 1_000_000
    var options = LeastSquaresOptions<Tensor>()
    options.jacobian = .matrixFree
    let start = Tensor.full([n], value: -1, dtype: .float64)
    context.measureCall(
      "S3", plan: RepetitionPlan(warmup: 1, minimumRepetitions: 3, minimumSeconds: 2),
      describe: { (fit: LeastSquaresResult<Tensor>) in
        [
          ("residual_norm", .number((2 * fit.cost).squareRoot())), ("nfev", .integer(fit.residualEvaluations)),
          ("njev", .integer(fit.jacobianEvaluations)), ("peak_rss_mb", .number(PeakMemory.peakMegabytes() ?? -1)),
        ]
      }
    ) { leastSquares(residuals: broydenTridiagonal, initial: start, options: options) }
  }
}

/// The Broyden tridiagonal function: `F_i = (3 − 2x_i)·x_i − x_{i−1} − 2·x_{i+1} + 1`, `x_0 = x_{n+1} = 0`.
func broydenTridiagonal(_ x: Tensor) -> Tensor {
  let n = x.shape[0]
  let padded = x.padded([(before: 1, after: 1)])
  return (3 - 2 * x) * x - padded[0..<n] - 2 * padded[2..<(n + 2)] + 1
}
