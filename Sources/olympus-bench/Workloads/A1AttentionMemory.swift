import Olympus

extension Workload {
  /// A1, attention memory: peak resident memory of one `valueAndGrad` of
  /// `sum(scaledDotProductAttention(q, k, v, isCausal: true) · w)` (forward and backward), batch 1,
  /// 8 heads of 64, float32, at sequence lengths 1024, 2048 and 4096, each in a fresh process;
  /// `dense` does the same with the attention written out (`softmax(q·kᵀ/8 + mask)·v`), which holds
  /// `[8, T, T]` score matrices. The tiled kernel's peak grows with T (the inputs, outputs and
  /// gradients), the dense form's with T². Time: ms of one call.
  static let a1AttentionMemory = Workload(
    name: "A1", summary: "attention forward+backward peak memory at sequence 1024/2048/4096, tiled vs dense"
  ) { context in
    guard !context.options.skipPeakMemory else { return }
    for variant in ["tiled", "dense"] {
      for length in [1024, 2048, 4096] {
        let result = PeakMemory.inFreshProcess(arguments: ["--a1-rss", "\(variant):\(length)"])
        print(JSONValue.object([("workload", .string("A1")), ("system", .string("olympus-\(variant)")),
          ("sequence", .integer(length)), ("rss", result)]).text)
      }
    }
  }

  /// The fresh-process side of A1 (`olympus-bench --a1-rss VARIANT:LENGTH`).
  static func a1PeakMemoryChild(_ argument: String) -> JSONValue {
    let parts = argument.split(separator: ":")
    guard parts.count == 2, let length = Int(parts[1]), ["tiled", "dense"].contains(parts[0]) else {
      return .object([("error", .string("expected tiled:LENGTH or dense:LENGTH, got \(argument)"))])
    }
    let shape = [1, 8, length, 64]
    var inputs: [Tensor] = []
    let dense = parts[0] == "dense"
    let attention = { (x: [Tensor]) -> Tensor in
      guard dense else { return scaledDotProductAttention(query: x[0], key: x[1], value: x[2], isCausal: true) }
      let causal = Tensor.arange(length).reshaped(to: [length, 1]) .>= Tensor.arange(length).reshaped(to: [1, length])
      let scores = select(causal, matmul(x[0], x[1].swappingAxes(-1, -2)) * 0.125, -Double.infinity)
      return matmul(softmax(scores), x[2])
    }
    let valueAndGradient = valueAndGrad(of: { (x: [Tensor]) in (attention(x) * x[3]).sum() })
    var members = PeakMemory.report(prepare: {
      inputs = (0..<4).map { DeterministicInputs.uniformTensor(shape, seed: 40 + $0, scale: 2) }
    }) { valueAndGradient(inputs) }
    members.append(("inputs_mb", .number(Double(4 * shape.reduce(1, *) * 4) / Double(1 << 20))))
    members.append(("scores_mb_if_dense", .number(Double(8 * length * length * 4) / Double(1 << 20))))
    return .object(members)
  }
}
