import Olympus

/// One workload of the peer README (W1–W11) or of Olympus's own set (E1–E4, J1, A1): a name and a
/// function that measures it for every Olympus system it applies to and emits their records.
struct Workload: Sendable {
  /// `W1`, `E1` …
  let name: String
  /// One line: what is computed, on what.
  let summary: String
  /// Measures and reports.
  let run: @Sendable (BenchContext) -> Void
}

/// Every workload `olympus-bench` knows, in the order they run when none is named.
enum WorkloadRegistry {
  /// All workloads; add new ones here.
  static let all: [Workload] = [
    .w1Dispatch, .w2SmallGradient, .w3MLPTrainingStep, .w4ValueAndGrad, .w5HessianVectorProduct, .w6Jacobian,
    .w7MatMul, .w8LinearRegression, .w9PerExampleGradients, .w10CNNTrainingStep, .c1Convolution, .w11TransformerStep,
    .a1AttentionMemory, .e1Exp, .e2Add, .e3Sum, .e4ScanGradient,
    .l1Solve, .l2Cholesky, .l3SVD, .l4Eigh, .l5SlogdetGradient, .l6BatchedSolve, .j1CompileTime,
    .io1SafetensorsThroughput, .io2MappedOpen, .d1AllReduce, .d2DataParallelStep, .s1NISTSweep, .s2DenseFit, .s3Broyden,
    .s4ExtendedRosenbrock,
  ]

  /// The workload called `name` (case-insensitive).
  static func named(_ name: String) -> Workload? { all.first { $0.name == name.uppercased() } }
}

/// What a workload measures and reports with.
struct BenchContext: Sendable {
  /// The timing protocol.
  let harness: Harness
  /// The output.
  let reporter: Reporter
  /// The command line (W4 reads `--no-rss`).
  let options: Options

  /// Measures one call of `call` the way the peers' `bench_emit` does (with `inner` calibrated so
  /// a repetition lasts at least 5 ms) and emits the record: `extra`, then what `describe` says
  /// about the result of a first, untimed call (`check` …), then the members `derived` computes
  /// from the per-call seconds. Returns the measurement.
  @discardableResult
  func measureCall<Result>(
    _ workload: String, system: String = "olympus", plan: RepetitionPlan = RepetitionPlan(), extra: JSONMembers = [],
    perCallMicroseconds: Bool = false, describe: (Result) -> JSONMembers,
    derived: ([Double]) -> JSONMembers = { _ in [] }, _ call: () -> Result
  ) -> Measurement {
    let description = describe(call())
    var plan = plan
    plan.inner = harness.calibrateInner { blackHole(call()) }
    let measurement = harness.measure(plan) { blackHole(call()) }
    var members = extra + description + derived(measurement.perCallSeconds)
    if plan.inner != 1 { members.append(("inner_calls_per_rep", .integer(plan.inner))) }
    reporter.emit(workload, system: system, measurement, extra: members, perCallMicroseconds: perCallMicroseconds)
    return measurement
  }

  /// `measureCall` for a call returning tensors: `extra.check` is the float64 sum of all their
  /// elements (the peers' `checksum(*arrays)`).
  @discardableResult
  func measureCall(
    _ workload: String, system: String = "olympus", plan: RepetitionPlan = RepetitionPlan(), extra: JSONMembers = [],
    perCallMicroseconds: Bool = false, derived: ([Double]) -> JSONMembers = { _ in [] }, _ call: () -> [Tensor]
  ) -> Measurement {
    measureCall(
      workload, system: system, plan: plan, extra: extra, perCallMicroseconds: perCallMicroseconds,
      describe: { (results: [Tensor]) in [("check", .number(checksum(results)))] }, derived: derived, call)
  }

  /// `measureCall` for a call returning one tensor.
  @discardableResult
  func measureCall(
    _ workload: String, system: String = "olympus", plan: RepetitionPlan = RepetitionPlan(), extra: JSONMembers = [],
    perCallMicroseconds: Bool = false, derived: ([Double]) -> JSONMembers = { _ in [] }, _ call: () -> Tensor
  ) -> Measurement {
    measureCall(
      workload, system: system, plan: plan, extra: extra, perCallMicroseconds: perCallMicroseconds, derived: derived
    ) { [call()] }
  }
}
