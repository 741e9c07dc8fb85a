import Olympus

extension Workload {
  /// C1, convolution forward against the GEMM it amounts to: a 3×3 convolution of 64 to 64
  /// channels on a 56×56 image with padding 1 (a ResNet stage), batch 1, float32, and the built-in
  /// `matmul` of the same shape, filter `[64, 576]` times columns `[576, 3136]` (the full im2col
  /// product). Both do 2·64·576·3136 = 231 MFLOP; each record reports GFLOP/s, and the `olympus`
  /// record the ratio of the two medians measured in the same run (`gemm_fraction`).
  static let c1Convolution = Workload(
    name: "C1", summary: "conv 3×3, 64→64 channels, 56×56, batch 1, float32, GFLOP/s vs the same-size GEMM"
  ) { context in
    let x = DeterministicInputs.uniformTensor([1, 64, 56, 56], seed: 40, scale: 2)
    let weight = DeterministicInputs.uniformTensor([64, 64, 3, 3], seed: 41, scale: 0.125)
    let filter = DeterministicInputs.uniformTensor([64, 576], seed: 42, scale: 0.125)
    let columns = DeterministicInputs.uniformTensor([576, 3136], seed: 43, scale: 2)
    let flop = 2 * Double(64 * 576 * 3136)
    func rates(_ times: [Double]) -> JSONMembers {
      [
        ("gflops_median", .number(flop / median(of: times) / 1e9)),
        ("gflops_best", .number(flop / (times.min() ?? .nan) / 1e9)),
      ]
    }
    let gemm = context.measureCall("C1", system: "olympus-gemm-same-shape", derived: rates) { matmul(filter, columns) }
    context.measureCall(
      "C1", derived: { times in
        rates(times) + [("gemm_fraction", .number(median(of: gemm.perCallSeconds) / median(of: times)))]
      }
    ) { conv(x, weight: weight, padding: [1, 1]) }
  }
}
