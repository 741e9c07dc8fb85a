import OlympusCore
import OlympusNN
import Testing

/// `vmap` of layers over examples against a loop over them: layers are composites of primitives
/// with batching rules, so vectorizing needs nothing from the layers. Results agree to the
/// rounding of different summation orders (float64, `Closeness` bound 10⁻¹²).
@Suite("vmap of layers")
struct VMapTests {
  static let key = Random.key(21)

  static func normal(_ shape: [Int], seed: Int) -> Tensor {
    Random.normal(Random.key(seed), shape: shape, dtype: .float64)
  }

  /// Per-example functions (inputs without the batch axis) and a batch for each.
  static let layers: [(String, [Int], @Sendable (Tensor) -> Tensor)] = [
    ("linear", [5, 3], { Linear(inputFeatures: 3, outputFeatures: 4, key: key, dtype: .float64)($0) }),
    ("conv2d", [4, 2, 6, 5], {
      Conv2d(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, key: key, dtype: .float64)($0)
    }),
    ("conv1d", [3, 2, 9], { Conv1d(inputChannels: 2, outputChannels: 3, kernelSize: 2, key: key, dtype: .float64)($0) }),
    ("maxPool2d", [3, 2, 6, 6], { MaxPool2d(kernelSize: 2)($0) }),
    ("avgPool2d", [3, 2, 5, 5], { AvgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false)($0) }),
    ("layerNorm", [4, 2, 5], { LayerNorm(normalizedShape: [5], dtype: .float64)($0) }),
    ("batchNorm evaluation", [4, 3, 2], { BatchNorm(featureCount: 3, dtype: .float64)($0.expandingDimensions(at: 0)) }),
    ("mlp with gelu", [6, 4], { MLP(sizes: [4, 8, 2], activation: .gelu, key: key, dtype: .float64)($0) }),
    ("sequential cnn", [3, 1, 6, 6], {
      Sequential(
        Conv2d(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, key: key, dtype: .float64), Activation.silu,
        MaxPool2d(kernelSize: 2), Flatten(startAxis: 0), Linear(inputFeatures: 18, outputFeatures: 3, key: key, dtype: .float64))($0)
    }),
  ]

  @Test(arguments: layers.indices)
  func vmapEqualsALoop(_ index: Int) {
    let (name, shape, layer) = Self.layers[index]
    let batch = Self.normal(shape, seed: index)
    let vectorized = vmap(of: layer)(batch)
    let looped = stacked((0..<shape[0]).map { layer(batch[$0]) })
    expectAgreement(vectorized, looped, tolerance: 1e-12, name)
  }

  @Test func embeddingOverABatchOfIndexLists() {
    let embedding = Embedding(count: 7, dimension: 3, key: Self.key, dtype: .float64)
    let indices = Tensor([0, 6, 2, 2, 5, 1], shape: [3, 2])
    let vectorized = vmap(of: { embedding($0) })(indices)
    expectAgreement(vectorized, embedding(indices), tolerance: 0, "embedding")
  }

  @Test func perExampleGradientsOfAModel() {
    let model = MLP(sizes: [3, 5, 2], activation: .tanh, key: Self.key, dtype: .float64)
    let inputs = Self.normal([4, 3], seed: 30)
    let labels = Tensor([0, 1, 1, 0])
    let loss = { (m: MLP, x: Tensor, y: Tensor) in crossEntropy(m(x), y) }
    let exampleGradient: (MLP, Tensor, Tensor) -> MLP = { m, x, y in grad(of: { (m: MLP) in loss(m, x, y) })(m) }
    let batched: (MLP, Tensor, Tensor) -> MLP = vmap(inAxes: [nil, 0, 0], of: exampleGradient)
    let perExample = batched(model, inputs, labels)
    for example in 0..<4 {
      let single = grad(of: { (m: MLP) in loss(m, inputs[example], labels[example]) })(model)
      for (batched, alone) in zip(perExample.leaves, single.leaves) {
        expectAgreement(batched[example], alone, tolerance: 1e-12, "example \(example)")
      }
    }
  }
}
