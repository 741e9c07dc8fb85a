import Olympus

extension Workload {
  /// E3, sum throughput: `x.sum()` to a float32 scalar, x = det_uniform(10_000_000, 20, 2.0).
  static let e3Sum = Workload(name: "E3", summary: "x.sum(), float32 [10^7] to a scalar") { context in
    let x = ElementwiseInputs.tensor(seed: ElementwiseInputs.xSeed)
    context.measureCall("E3", extra: ElementwiseInputs.description(seeds: [ElementwiseInputs.xSeed])) { x.sum() }
  }
}
