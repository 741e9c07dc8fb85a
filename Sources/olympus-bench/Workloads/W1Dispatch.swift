import Olympus

extension Workload {
  /// W1, eager op dispatch: `c = a + b` on float32 [100] tensors, 100,000 additions per
  /// repetition, reported per op. a, b = det_uniform(100, 1, 2.0), det_uniform(100, 2, 2.0).
  static let w1Dispatch = Workload(
    name: "W1", summary: "c = a + b, float32 [100], 100,000 adds per repetition, time per op"
  ) { context in
    let a = DeterministicInputs.uniformTensor([100], seed: 1, scale: 2)
    let b = DeterministicInputs.uniformTensor([100], seed: 2, scale: 2)
    let opsPerRepetition = 100_000
    var measurement = context.harness.measure(RepetitionPlan(warmup: 1)) {
      for _ in 0..<opsPerRepetition { blackHole(a + b) }
    }
    measurement.perCallSeconds = measurement.perCallSeconds.map { $0 / Double(opsPerRepetition) }
    context.reporter.emit(
      "W1", system: "olympus", measurement,
      extra: [("ops_per_rep", .integer(opsPerRepetition)), ("check", .number(checksum(a + b)))],
      perCallMicroseconds: true)

    // The same additions on the eager tape: inputs that require gradients, so every addition
    // records a node (PyTorch's `torch-requires-grad` system).
    let tapeA = a.requiringGrad()
    let tapeB = b.requiringGrad()
    var tape = context.harness.measure(RepetitionPlan(warmup: 1)) {
      for _ in 0..<opsPerRepetition { blackHole(tapeA + tapeB) }
    }
    tape.perCallSeconds = tape.perCallSeconds.map { $0 / Double(opsPerRepetition) }
    context.reporter.emit(
      "W1", system: "olympus-tape", tape,
      extra: [("ops_per_rep", .integer(opsPerRepetition)), ("check", .number(checksum(withNoGrad { tapeA + tapeB })))],
      perCallMicroseconds: true)
  }
}
