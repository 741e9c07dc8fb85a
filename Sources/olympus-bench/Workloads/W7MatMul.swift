import Olympus

extension Workload {
  /// W7, matmul: `matmul(A, B)`, float32 [1024, 1024] each; A = det_uniform((1024,1024), 9, 2.0),
  /// B = det_uniform((1024,1024), 15, 2.0); GFLOP/s = 2·1024³ / time.
  static let w7MatMul = Workload(name: "W7", summary: "matmul(A, B), float32 1024 × 1024, GFLOP/s") { context in
    let size = 1024
    let a = DeterministicInputs.uniformTensor([size, size], seed: 9, scale: 2)
    let b = DeterministicInputs.uniformTensor([size, size], seed: 15, scale: 2)
    let flop = 2 * Double(size * size * size)
    context.measureCall(
      "W7", plan: RepetitionPlan(minimumRepetitions: 30, minimumSeconds: 3),
      derived: { times in
        [
          ("gflops_median", .number(flop / median(of: times) / 1e9)),
          ("gflops_best", .number(flop / (times.min() ?? .nan) / 1e9)),
        ]
      }
    ) { matmul(a, b) }
  }
}
