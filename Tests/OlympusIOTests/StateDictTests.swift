import Foundation
import OlympusCore
import OlympusIO
import OlympusNN
import OlympusOptimizers
import Testing

/// State dicts and checkpoints: PyTorch's naming, loading with every problem reported at once,
/// and the PyTorch MLP fixture reproduced by the equivalent Olympus models.
@Suite("State dicts and checkpoints")
struct StateDictTests {
  let key = Random.key(3)

  var sequential: Sequential<Linear, Activation, Linear> {
    Sequential(
      Linear(inputFeatures: 4, outputFeatures: 8, key: Random.foldIn(key, 0)), Activation.relu,
      Linear(inputFeatures: 8, outputFeatures: 3, key: Random.foldIn(key, 1)))
  }

  @Test func sequentialIsNamedAsTorchSequential() {
    #expect(Set(sequential.stateDict().keys) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect(sequential.stateDict()["2.weight"]?.shape == [3, 8])
  }

  @Test func nestedModulesUseDottedPaths() {
    let mlp = MLP(sizes: [4, 8, 3], key: key)
    #expect(Set(mlp.stateDict().keys) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
    let norm = BatchNorm(featureCount: 3)
    #expect(Set(norm.stateDict().keys) == ["weight", "bias", "runningMean", "runningVariance"])  // buffers included
    let noBias = Linear(inputFeatures: 2, outputFeatures: 2, bias: false, key: key)
    #expect(Set(noBias.stateDict().keys) == ["weight"])
  }

  @Test func loadingReplacesEveryTensor() throws {
    var target = MLP(sizes: [4, 8, 3], key: Random.key(99))
    let source = MLP(sizes: [4, 8, 3], key: key)
    let result = try target.loadStateDict(source.stateDict())
    #expect(result.missingKeys.isEmpty && result.unexpectedKeys.isEmpty)
    for (path, tensor) in source.stateDict() {
      #expect(target.stateDict()[path]?.scalars(as: Float.self) == tensor.scalars(as: Float.self), "\(path)")
    }
  }

  @Test func missingUnexpectedAndMisshapenKeysAreReportedTogether() throws {
    var model = sequential
    var state = sequential.stateDict()
    state["0.bias"] = nil
    state["extra.weight"] = Tensor([1] as [Float])
    state["2.weight"] = Tensor.zeros([8, 3])
    expectOlympusError(
      "loadStateDict(_:strict:)", "missing keys [\"0.bias\"]", "unexpected keys [\"extra.weight\"]",
      "mis-shaped keys [\"2.weight (given float32[8,3], expected float32[3,8])\"]"
    ) {
      try model.loadStateDict(state)
    }
    // The model is unchanged after a failed load.
    #expect(model.stateDict()["0.weight"]?.scalars(as: Float.self) == sequential.stateDict()["0.weight"]?.scalars(as: Float.self))
  }

  @Test func nonStrictLoadingIgnoresExtraAndMissingKeysButNotShapes() throws {
    var model = sequential
    let replacement = Tensor.ones([8], dtype: .float64)  // another dtype: converted, as PyTorch copies
    let result = try model.loadStateDict(["0.bias": replacement, "unused": Tensor(1.0)], strict: false)
    #expect(result.missingKeys == ["0.weight", "2.weight", "2.bias"])
    #expect(result.unexpectedKeys == ["unused"])
    #expect(model.stateDict()["0.bias"]?.dtype == .float32)
    #expect(model.stateDict()["0.bias"]?.scalars(as: Float.self) == [Float](repeating: 1, count: 8))
    expectOlympusError("mis-shaped keys") { try model.loadStateDict(["0.bias": Tensor.ones([9])], strict: false) }
  }

  @Test func torchSequentialFixtureGivesTorchsOutputs() throws {
    let (weights, metadata) = try loadSafetensors(from: FixtureValues.url("torch_sequential.safetensors"))
    #expect(metadata["framework"] == "pytorch")
    let io = try loadSafetensors(from: FixtureValues.url("torch_mlp_io.safetensors")).tensors
    var model = sequential
    try model.loadStateDict(weights)
    let input = try #require(io["input"])
    let expected = try #require(io["output"])
    // float32 products of 4 and 8 terms of size ≤ 2 differ from PyTorch's only by summation
    // order, a few ulps of values below 4: far inside the 1e-6.
    let difference = abs(model(input) - expected).max().item(as: Float.self)
    #expect(difference <= 1e-6, "max |Δ| \(difference)")
  }

  @Test func torchModuleListFixtureLoadsIntoMLP() throws {
    let weights = try loadSafetensors(from: FixtureValues.url("torch_mlp.safetensors")).tensors
    let io = try loadSafetensors(from: FixtureValues.url("torch_mlp_io.safetensors")).tensors
    var model = MLP(sizes: [4, 8, 3], key: key)
    try model.loadStateDict(weights)
    // The same bound and reason as for the Sequential above.
    let difference = abs(model(try #require(io["input"])) - (try #require(io["output"]))).max().item(as: Float.self)
    #expect(difference <= 1e-6, "max |Δ| \(difference)")
  }

  @Test func checkpointRestoresModelOptimizerStateAndStep() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var model = MLP(sizes: [4, 8, 3], key: key)
    var optimizer = Optimizer(Adam(learningRate: 0.01), for: model)
    let x = Random.normal(Random.key(5), shape: [16, 4])
    let labels = Tensor((0..<16).map { $0 % 3 })
    for _ in 0..<3 {
      let gradients = grad(of: { (m: MLP) in crossEntropy(m(x), labels) })(model)
      optimizer.update(&model, along: gradients)
    }
    let url = directory.file("checkpoint.safetensors")
    try saveCheckpoint(model: model, optimizerState: optimizer.state, step: 3, metadata: ["run": "test"], to: url)

    var restoredModel = MLP(sizes: [4, 8, 3], key: Random.key(1234))
    var restored = Optimizer(Adam(learningRate: 0.01), for: restoredModel)
    let step = try loadCheckpoint(from: url, model: &restoredModel, optimizerState: &restored.state)
    #expect(step == 3)
    #expect(try loadSafetensors(from: url).metadata["run"] == "test")
    for (a, b) in zip(model.leaves + optimizer.state.leaves, restoredModel.leaves + restored.state.leaves) {
      #expect(a.type == b.type)
      #expect(a.scalars(as: Double.self) == b.scalars(as: Double.self))
    }
    // One more step from the restored state equals one more step from the original.
    let g1 = grad(of: { (m: MLP) in crossEntropy(m(x), labels) })(model)
    let g2 = grad(of: { (m: MLP) in crossEntropy(m(x), labels) })(restoredModel)
    optimizer.update(&model, along: g1)
    restored.update(&restoredModel, along: g2)
    #expect(model.layers[0].weight.scalars(as: Float.self) == restoredModel.layers[0].weight.scalars(as: Float.self))
  }

  @Test func checkpointOfAnotherModelIsRefusedWithEveryProblem() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("checkpoint.safetensors")
    let model = MLP(sizes: [4, 8, 3], key: key)
    try saveCheckpoint(model: model, optimizerState: Adam().initialState(for: model), step: 7, to: url)
    var other = MLP(sizes: [4, 5, 3], key: key)
    var state = Adam().initialState(for: other)
    expectOlympusError("loadCheckpoint", "model: ", "mis-shaped keys", "optimizer state: ") {
      _ = try loadCheckpoint(from: url, model: &other, optimizerState: &state)
    }
    let plain = directory.file("plain.safetensors")
    try writeSafetensors(["x": Tensor(1.0)], to: plain)
    expectOlympusError("not an Olympus checkpoint") { _ = try loadCheckpoint(from: plain, model: &other, optimizerState: &state) }
  }
}
