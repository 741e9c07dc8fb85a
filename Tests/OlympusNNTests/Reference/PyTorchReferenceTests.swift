import OlympusCore
import OlympusNN
import Testing

/// Every layer, activation and loss against PyTorch (`Fixtures/nn.json`): outputs, extra outputs
/// (BatchNorm's running statistics) and the gradients of ⟨output, cotangent⟩ taken with `vjp`
/// over a dictionary of the differentiable inputs.
@Suite("PyTorch reference values")
struct PyTorchReferenceTests {
  typealias Runner = @Sendable (_ inputs: [String: Tensor], _ fixture: ReferenceCase) -> [String: Tensor]

  /// Runs a case's layer or function on its inputs, giving its outputs by name.
  static let runners: [String: Runner] = [
    "linear": { inputs, _ in ["output": Linear(weight: inputs["weight"]!, bias: inputs["bias"])(inputs["x"]!)] },
    "conv2d": { inputs, fixture in
      let layer = Conv2d(
        weight: inputs["weight"]!, bias: inputs["bias"], stride: fixture.integers("stride")!,
        padding: fixture.integers("padding")!, dilation: fixture.integers("dilation")!)
      return ["output": layer(inputs["x"]!)]
    },
    "conv1d": { inputs, fixture in
      let layer = Conv1d(
        weight: inputs["weight"]!, bias: inputs["bias"], stride: fixture.integers("stride")![0],
        padding: fixture.integers("padding")![0], dilation: fixture.integers("dilation")![0])
      return ["output": layer(inputs["x"]!)]
    },
    "maxPool2d": { inputs, fixture in
      let layer = MaxPool2d(
        kernelSize: fixture.integers("kernel")![0], stride: fixture.integers("stride")![0],
        padding: fixture.integers("padding")![0])
      return ["output": layer(inputs["x"]!)]
    },
    "avgPool2d": { inputs, fixture in
      let layer = AvgPool2d(
        kernelSize: fixture.integers("kernel")![0], stride: fixture.integers("stride")![0],
        padding: fixture.integers("padding")![0], countIncludePad: fixture.integers("countIncludePad")![0] == 1)
      return ["output": layer(inputs["x"]!)]
    },
    "maxPool1d": { inputs, fixture in
      let layer = MaxPool1d(
        kernelSize: fixture.integers("kernel")![0], stride: fixture.integers("stride")![0],
        padding: fixture.integers("padding")![0])
      return ["output": layer(inputs["x"]!)]
    },
    "avgPool1d": { inputs, fixture in
      let layer = AvgPool1d(
        kernelSize: fixture.integers("kernel")![0], stride: fixture.integers("stride")![0],
        padding: fixture.integers("padding")![0], countIncludePad: fixture.integers("countIncludePad")![0] == 1)
      return ["output": layer(inputs["x"]!)]
    },
    "embedding": { inputs, _ in ["output": Embedding(weight: inputs["weight"]!)(inputs["indices"]!)] },
    "layerNorm": { inputs, fixture in
      var layer = LayerNorm(normalizedShape: fixture.integers("normalizedShape")!, epsilon: fixture.numbers("epsilon")![0])
      layer.weight = inputs["weight"]
      layer.bias = inputs["bias"]
      return ["output": layer(inputs["x"]!)]
    },
    "batchNorm": { inputs, fixture in
      var layer = BatchNorm(featureCount: inputs["weight"]!.shape[0], dtype: inputs["weight"]!.dtype)
      layer.weight = inputs["weight"]
      layer.bias = inputs["bias"]
      layer.runningMean = inputs["running_mean"]!
      layer.runningVariance = inputs["running_var"]!
      let training = fixture.integers("training")![0] == 1
      let (output, updated) = layer.forward(inputs["x"]!, mode: training ? .training(key: nil) : .evaluation)
      return ["output": output, "running_mean": updated.runningMean, "running_var": updated.runningVariance]
    },
    "relu": { inputs, _ in ["output": relu(inputs["x"]!)] },
    "leakyRelu": { inputs, _ in ["output": leakyRelu(inputs["x"]!, negativeSlope: 0.1)] },
    "elu": { inputs, _ in ["output": elu(inputs["x"]!, alpha: 1.5)] },
    "gelu": { inputs, _ in ["output": gelu(inputs["x"]!)] },
    "geluTanh": { inputs, _ in ["output": gelu(inputs["x"]!, approximate: true)] },
    "silu": { inputs, _ in ["output": silu(inputs["x"]!)] },
    "softplus": { inputs, _ in ["output": softplus(inputs["x"]!)] },
    "logSigmoid": { inputs, _ in ["output": logSigmoid(inputs["x"]!)] },
    "mse": { inputs, fixture in
      ["output": mse(inputs["predictions"]!, inputs["targets"]!, reduction: reduction(fixture))]
    },
    "huber": { inputs, fixture in
      let loss = huber(
        inputs["predictions"]!, inputs["targets"]!, delta: fixture.numbers("delta")![0], reduction: reduction(fixture))
      return ["output": loss]
    },
    "binaryCrossEntropy": { inputs, fixture in
      ["output": binaryCrossEntropy(withLogits: inputs["logits"]!, targets: inputs["targets"]!, reduction: reduction(fixture))]
    },
    "crossEntropy": { inputs, fixture in
      let loss = crossEntropy(
        inputs["logits"]!, inputs["labels"]!, classAxis: fixture.integers("classAxis")?[0] ?? -1,
        labelSmoothing: fixture.numbers("labelSmoothing")?[0] ?? 0, ignoreIndex: fixture.integers("ignoreIndex")?[0],
        reduction: reduction(fixture))
      return ["output": loss]
    },
    "crossEntropyProbabilities": { inputs, fixture in
      let loss = crossEntropy(
        inputs["logits"]!, probabilities: inputs["probabilities"]!,
        labelSmoothing: fixture.numbers("labelSmoothing")?[0] ?? 0, reduction: reduction(fixture))
      return ["output": loss]
    },
    "nll": { inputs, fixture in
      ["output": nll(inputs["logProbabilities"]!, inputs["labels"]!, reduction: reduction(fixture))]
    },
  ]

  static func reduction(_ fixture: ReferenceCase) -> LossReduction {
    switch fixture.text("reduction") {
    case "sum": .sum
    case "none": .none
    default: .mean
    }
  }

  @Test func theFixtureLoadsAndSaysItIsGenerated() throws {
    let fixtures = try ReferenceFixtures.shared.get()
    #expect(fixtures.generated.hasPrefix("by Scripts/generate-nn-fixtures.py"))
    #expect(fixtures.cases.count >= 60)
    let kinds = Set(fixtures.cases.map(\.kind))
    #expect(kinds == Set(Self.runners.keys), "every runner has cases and every case a runner")
  }

  @Test(arguments: ReferenceFixtures.allCases)
  func matchesPyTorch(_ fixture: ReferenceCase) throws {
    let runner = try #require(Self.runners[fixture.kind])
    let bound = Closeness.bound(fixture.dtype)
    let inputs = fixture.inputs.mapValues(\.tensor)
    let outputs = runner(inputs, fixture)
    for (name, expected) in fixture.expected {
      let got = try #require(outputs[name], "no output \(name)")
      expectAgreement(got, expected.values, shape: expected.shape, tolerance: bound, "\(fixture.name): \(name)")
    }

    let differentiable = inputs.filter { fixture.differentiable.contains($0.key) }
    let (_, pullback) = vjp(at: differentiable) { (traced: [String: Tensor]) -> Tensor in
      runner(inputs.merging(traced) { $1 }, fixture)["output"]!
    }
    let cotangent = fixture.cotangent.tensor.astype(outputs["output"]!.dtype)
    let gradients = pullback(cotangent)
    for (name, expected) in fixture.gradients {
      let got = try #require(gradients[name], "no gradient for \(name)")
      expectAgreement(got, expected.values, shape: expected.shape, tolerance: bound, "\(fixture.name): gradient of \(name)")
    }
  }
}
