import OlympusCore
import OlympusNN
import Testing

/// Initializers: PyTorch's fans, the documented bounds and deviations, determinism per key.
@Suite("Initializers")
struct InitializerTests {
  let key = Random.key(51)

  @Test func fansFollowPyTorch() {
    #expect(Initializer.fans(of: [64, 32]) == (32, 64))
    #expect(Initializer.fans(of: [16, 3, 5, 5]) == (75, 400))
    #expect(Initializer.fans(of: [10]) == (10, 10))
  }

  /// The sample standard deviation of n draws is within 5 standard errors σ·√(1/(2n)) of σ
  /// (for the normal; the uniform's is smaller), with n = 20 000: 2.5 % of σ.
  static func expectDeviation(_ x: Tensor, _ sigma: Double, sourceLocation: SourceLocation = #_sourceLocation) {
    let deviation = x.astype(.float64).std().item(as: Double.self)
    let mean = x.astype(.float64).mean().item(as: Double.self)
    let n = Double(x.elementCount)
    #expect(Swift.abs(deviation - sigma) <= 5 * sigma / (2 * n).squareRoot(), "std \(deviation) vs \(sigma)", sourceLocation: sourceLocation)
    #expect(Swift.abs(mean) <= 5 * sigma / n.squareRoot(), "mean \(mean)", sourceLocation: sourceLocation)
  }

  @Test func deviationsAndBounds() {
    let shape = [200, 100]  // fanIn 100, fanOut 200
    let glorotBound = (6.0 / 300).squareRoot()
    let glorotUniform = Initializer.glorotUniform(key, shape: shape)
    #expect(abs(glorotUniform).max().item(as: Double.self) <= glorotBound)
    Self.expectDeviation(glorotUniform, glorotBound / 3.0.squareRoot())
    Self.expectDeviation(Initializer.glorotNormal(key, shape: shape), (2.0 / 300).squareRoot())
    let heUniform = Initializer.heUniform(key, shape: shape, dtype: .float64)
    #expect(heUniform.dtype == .float64 && abs(heUniform).max().item(as: Double.self) <= (6.0 / 100).squareRoot())
    Self.expectDeviation(Initializer.heNormal(key, shape: shape), (2.0 / 100).squareRoot())
    Self.expectDeviation(Initializer.normal(key, shape: shape, mean: 0, standardDeviation: 0.02), 0.02)
    let uniform = Initializer.uniform(key, shape: shape, minimum: 2, maximum: 3).scalars(as: Float.self)
    #expect(uniform.allSatisfy { 2 <= $0 && $0 < 3 })
    #expect(Initializer.zeros([3]).scalars(as: Float.self) == [0, 0, 0] && Initializer.ones([2]).scalars(as: Float.self) == [1, 1])
  }

  @Test func layersUsePyTorchsDefaultBound() {
    let linear = Linear(inputFeatures: 400, outputFeatures: 50, key: key)
    #expect(abs(linear.weight).max().item(as: Double.self) <= 1 / 20.0)
    #expect(abs(linear.bias!).max().item(as: Double.self) <= 1 / 20.0)
    Self.expectDeviation(linear.weight, 1 / 20.0 / 3.0.squareRoot())
    let conv = Conv2d(inputChannels: 4, outputChannels: 8, kernelSize: 5, key: key)
    #expect(abs(conv.weight).max().item(as: Double.self) <= 1 / 10.0)
    #expect(Embedding(count: 100, dimension: 200, key: key).weight.shape == [100, 200])
    Self.expectDeviation(Embedding(count: 100, dimension: 200, key: key).weight, 1)
  }

  @Test func theSameKeyGivesTheSameParameters() {
    let a = MLP(sizes: [3, 4, 2], key: key)
    let b = MLP(sizes: [3, 4, 2], key: key)
    let c = MLP(sizes: [3, 4, 2], key: Random.key(52))
    #expect(a.leaves.map { $0.scalars(as: Float.self) } == b.leaves.map { $0.scalars(as: Float.self) })
    #expect(a.leaves[0].scalars(as: Float.self) != c.leaves[0].scalars(as: Float.self))
    let first = Linear(inputFeatures: 3, outputFeatures: 4, key: Random.foldIn(key, 0))
    #expect(a.layers[0].weight.scalars(as: Float.self) == first.weight.scalars(as: Float.self), "layer i uses foldIn(key, i)")
  }
}
