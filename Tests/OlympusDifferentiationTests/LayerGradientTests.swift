#if canImport(_Differentiation)
import _Differentiation
import OlympusCore
import OlympusDifferentiation
import OlympusNN
import Testing

/// A user's module mixing Olympus layers and a plain tensor, with a synthesized tangent.
struct SmallConvNet: Differentiable, Module {
  var convolution: Conv2d
  var norm: LayerNorm
  var head: Linear
  var scale: Tensor

  init() {
    let key = Random.key(21)
    convolution = Conv2d(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, key: Random.foldIn(key, 0), dtype: .float64)
    norm = LayerNorm(normalizedShape: [32], dtype: .float64)
    head = Linear(inputFeatures: 32, outputFeatures: 3, key: Random.foldIn(key, 1), dtype: .float64)
    scale = Tensor([1.5] as [Double])
  }

  @differentiable(reverse)
  func callAsFunction(_ x: Tensor) -> Tensor {
    // Reading the shape of an active tensor needs `withoutDerivative(at:)` (see the guide).
    let features = convolution(x).reshaped(to: [withoutDerivative(at: x).shape[0], 32])
    return head(tanh(norm(features))) * scale
  }
}

@Suite("Layers and modules under Swift's differentiation")
struct LayerGradientTests {
  static let images = Random.normal(Random.key(22), shape: [2, 1, 4, 4], dtype: .float64)
  static let labels = Tensor([2, 0] as [Int64])

  /// Same pullbacks on the same values: agreement to rounding, far inside the 1e-6 relative bound.
  static func expectClose(_ a: Tensor, _ b: Tensor, _ label: String) {
    #expect(a.shape == b.shape && relativeDifference(a, b) <= 1e-6, "\(label): \(a) vs \(b)")
  }

  /// The registrations of the convolution, attention and layer-norm operations pass each
  /// argument's gradient to its own slot: Swift's gradient with respect to two operands at once
  /// equals Olympus's `grad` with respect to each alone (a swapped pair would differ in shape or value).
  @Test func convolutionAttentionAndLayerNormMatchOlympusGrad() {
    let key = Random.key(31)
    let x = Random.normal(Random.foldIn(key, 0), shape: [2, 4, 5, 5], dtype: .float64)
    let w = Random.normal(Random.foldIn(key, 1), shape: [6, 2, 3, 3], dtype: .float64)
    let convolution: @differentiable(reverse) (Tensor, Tensor) -> Tensor = { (x: Tensor, w: Tensor) in tanh(conv(x, weight: w, stride: [2, 1], padding: [1, 1], groups: 2)).sum() }
    let (dx, dw) = gradient(at: x, w, of: convolution)
    Self.expectClose(dx, grad(of: { convolution($0, w) })(x), "conv input")
    Self.expectClose(dw, grad(of: { convolution(x, $0) })(w), "conv weight")

    let transposed: @differentiable(reverse) (Tensor, Tensor) -> Tensor = { (x: Tensor, w: Tensor) in convTranspose(x, weight: w, stride: [2, 2]).square().sum() }
    let v = Random.normal(Random.foldIn(key, 2), shape: [4, 3, 2, 2], dtype: .float64)
    let (tx, tv) = gradient(at: x, v, of: transposed)
    Self.expectClose(tx, grad(of: { transposed($0, v) })(x), "convTranspose input")
    Self.expectClose(tv, grad(of: { transposed(x, $0) })(v), "convTranspose weight")

    let q = Random.normal(Random.foldIn(key, 3), shape: [2, 5, 4], dtype: .float64)
    let k = Random.normal(Random.foldIn(key, 4), shape: [2, 7, 4], dtype: .float64)
    let attention: @differentiable(reverse) (Tensor, Tensor) -> Tensor = { (q: Tensor, k: Tensor) in scaledDotProductAttention(query: q, key: k, value: k * 2).square().sum() }
    let (dq, dk) = gradient(at: q, k, of: attention)
    Self.expectClose(dq, grad(of: { attention($0, k) })(q), "attention query")
    Self.expectClose(dk, grad(of: { attention(q, $0) })(k), "attention key and value")

    // With respect to the input: an active value passed as an optional weight crashes Swift 6.3.1's
    // optimizer (OwnershipLiveness), so the weight and bias here are constants.
    let gain = Random.normal(Random.foldIn(key, 5), shape: [4], dtype: .float64)
    let normalized: @differentiable(reverse) (Tensor) -> Tensor = { (q: Tensor) in
      (layerNorm(q, weight: gain, bias: gain * 3) * q).sum()
    }
    Self.expectClose(gradient(at: q, of: normalized), grad(of: normalized)(q), "layerNorm input")

    let pooled: @differentiable(reverse) (Tensor) -> Tensor = { (x: Tensor) in (maxPool(x, window: [2, 2]) + avgPool(x, window: [3, 3], stride: [1, 1])[.all, .all, ..<2, ..<2]).square().sum() }
    Self.expectClose(gradient(at: x, of: pooled), grad(of: pooled)(x), "pooling")
  }

  @Test func userModuleGradientMatchesOlympusGrad() {
    let model = SmallConvNet()
    let tangent = gradient(at: model) { model in crossEntropy(model(Self.images), Self.labels) }
    let swift = model.tree(of: tangent)
    let olympus = grad(of: { (model: SmallConvNet) in crossEntropy(model(Self.images), Self.labels) })(model)
    let paths = model.flattened().structure.leafPaths
    for (path, (a, b)) in zip(paths, zip(swift.leaves, olympus.leaves)) { Self.expectClose(a, b, path) }
    #expect(paths.contains("convolution.weight") && paths.contains("scale"))
  }

  @Test func sequentialAndMLPGradientsMatchOlympusGrad() {
    let key = Random.key(23)
    typealias Network = Sequential<Flatten, Linear, Activation, Dropout, Linear>
    let sequential = Network(
      Flatten(), Linear(inputFeatures: 16, outputFeatures: 5, key: key, dtype: .float64), Activation.gelu,
      Dropout(rate: 0.3), Linear(inputFeatures: 5, outputFeatures: 3, key: Random.foldIn(key, 1), dtype: .float64))
    let tangent = gradient(at: sequential) { model in crossEntropy(model(Self.images), Self.labels) }
    let olympus = grad(of: { (model: Network) in crossEntropy(model(Self.images), Self.labels) })(sequential)
    for (a, b) in zip(sequential.tree(of: tangent).leaves, olympus.leaves) { Self.expectClose(a, b, "Sequential") }

    let mlp = MLP(sizes: [16, 8, 3], activation: .tanh, key: key, dtype: .float64)
    let x = Self.images.reshaped(to: [2, 16])
    let mlpTangent = gradient(at: mlp) { mlp in crossEntropy(mlp(x), Self.labels) }
    let mlpOlympus = grad(of: { (mlp: MLP) in crossEntropy(mlp(x), Self.labels) })(mlp)
    for (a, b) in zip(mlp.tree(of: mlpTangent).leaves, mlpOlympus.leaves) { Self.expectClose(a, b, "MLP") }
  }

  @Test func poolingEmbeddingAndConv1dMatchOlympusGrad() {
    let key = Random.key(25)
    let sequence = Random.normal(key, shape: [2, 2, 8], dtype: .float64)
    let conv = Conv1d(inputChannels: 2, outputChannels: 3, kernelSize: 3, key: key, dtype: .float64)
    let pool = MaxPool1d(kernelSize: 2)
    let average = AvgPool2d(kernelSize: 2)
    let maxPool = MaxPool2d(kernelSize: 2)
    let swift = gradient(at: sequence, conv) { x, conv in pool(conv(x)).square().sum() }
    let olympus = grad(of: { (x: Tensor, conv: Conv1d) in pool(conv(x)).square().sum() })(sequence, conv)
    Self.expectClose(swift.0, olympus.0, "Conv1d input")
    for (a, b) in zip(conv.tree(of: swift.1).leaves, olympus.1.leaves) { Self.expectClose(a, b, "Conv1d") }

    let imageGradient = gradient(at: Self.images) { x in (average(x) * maxPool(x * x)).sum() + AvgPool1d(kernelSize: 2)(x.reshaped(to: [2, 1, 16])).sum() }
    let olympusImage = grad(of: { (x: Tensor) in (average(x) * maxPool(x * x)).sum() + AvgPool1d(kernelSize: 2)(x.reshaped(to: [2, 1, 16])).sum() })(Self.images)
    Self.expectClose(imageGradient, olympusImage, "pooling")

    let embedding = Embedding(count: 5, dimension: 3, key: key, dtype: .float64)
    let tokens = Tensor([1, 4, 1] as [Int64])
    let embeddingTangent = gradient(at: embedding) { embedding in embedding(tokens).square().sum() }
    let olympusEmbedding = grad(of: { (embedding: Embedding) in embedding(tokens).square().sum() })(embedding)
    Self.expectClose(embedding.tree(of: embeddingTangent).weight, olympusEmbedding.weight, "Embedding")
  }
}
#endif
