import Olympus

extension Workload {
  /// E2, add throughput: `x + y`, x, y = det_uniform(10_000_000, 21 / 22, 2.0) float32.
  static let e2Add = Workload(name: "E2", summary: "x + y, float32 [10^7]") { context in
    let x = ElementwiseInputs.tensor(seed: ElementwiseInputs.lhsSeed)
    let y = ElementwiseInputs.tensor(seed: ElementwiseInputs.rhsSeed)
    context.measureCall(
      "E2", extra: ElementwiseInputs.description(seeds: [ElementwiseInputs.lhsSeed, ElementwiseInputs.rhsSeed])
    ) { x + y }
  }
}
