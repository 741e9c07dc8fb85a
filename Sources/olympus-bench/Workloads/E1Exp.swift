import Olympus

extension Workload {
  /// E1, exp throughput: `exp(x)`, x = det_uniform(10_000_000, 20, 2.0) float32.
  static let e1Exp = Workload(name: "E1", summary: "exp(x), float32 [10^7]") { context in
    let x = ElementwiseInputs.tensor(seed: ElementwiseInputs.xSeed)
    context.measureCall("E1", extra: ElementwiseInputs.description(seeds: [ElementwiseInputs.xSeed])) { exp(x) }
  }
}
