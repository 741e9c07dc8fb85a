import Olympus

/// One workload of the peer README (W1–W9) or of Olympus's own set (E1–E3): a name and a
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
  static let all: [Workload] = [.w1Dispatch, .w3MLPTrainingStep, .w7MatMul, .e1Exp, .e2Add, .e3Sum]

  /// The workload called `name` (case-insensitive).
  static func named(_ name: String) -> Workload? { all.first { $0.name == name.uppercased() } }
}

/// What a workload measures and reports with.
struct BenchContext: Sendable {
  /// The timing protocol.
  let harness: Harness
  /// The output.
  let reporter: Reporter

  /// Measures one call of `call`, which returns its result, the way the peers' `bench_emit`
  /// does (with `inner` calibrated so a repetition lasts at least 5 ms); emits the record with
  /// `extra.check`, the float64 sum of the first result, after `extra`, and with the members
  /// `derived` computes from the per-call seconds.
  func measureCall(
    _ workload: String, system: String = "olympus", plan: RepetitionPlan = RepetitionPlan(), extra: JSONMembers = [],
    derived: ([Double]) -> JSONMembers = { _ in [] }, _ call: () -> Tensor
  ) {
    let check = checksum(call())
    var plan = plan
    plan.inner = harness.calibrateInner { blackHole(call()) }
    let measurement = harness.measure(plan) { blackHole(call()) }
    var members = extra + [("check", JSONValue.number(check))] + derived(measurement.perCallSeconds)
    if plan.inner != 1 { members.append(("inner_calls_per_rep", .integer(plan.inner))) }
    reporter.emit(workload, system: system, measurement, extra: members)
  }
}
