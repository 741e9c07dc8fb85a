import OlympusCore
import OlympusNN
import Testing

/// BatchNorm's two modes and its functional state update.
@Suite("BatchNorm training and evaluation")
struct BatchNormTests {
  let x = Random.normal(Random.key(1), shape: [8, 3, 4, 4], mean: 2, standardDeviation: 3, dtype: .float64)

  @Test func trainingNormalizesWithTheBatchStatistics() {
    let layer = BatchNorm(featureCount: 3, dtype: .float64)
    let (output, _) = layer.forward(x, mode: .training(key: nil))
    let mean = output.mean(axes: [0, 2, 3])
    let variance = output.variance(axes: [0, 2, 3])
    // Per channel: mean 0 up to rounding; variance v/(v + ε) with ε = 10⁻⁵ and v ≈ 9.
    expectAgreement(mean, Tensor.zeros([3], dtype: .float64), tolerance: 1e-12, "batch mean")
    let expectedVariance = x.variance(axes: [0, 2, 3]) / (x.variance(axes: [0, 2, 3]) + 1e-5)
    expectAgreement(variance, expectedVariance, tolerance: 1e-12, "batch variance")
  }

  @Test func trainingAdvancesTheRunningStatisticsAsPyTorch() {
    let layer = BatchNorm(featureCount: 3, momentum: 0.25, dtype: .float64)
    let (_, updated) = layer.forward(x, mode: .training(key: nil))
    let count = 8.0 * 16
    let batchMean = x.mean(axes: [0, 2, 3])
    let unbiased = x.variance(axes: [0, 2, 3]) * (count / (count - 1))
    expectAgreement(updated.runningMean, 0.25 * batchMean, tolerance: 1e-12, "running mean")
    expectAgreement(updated.runningVariance, 0.75 + 0.25 * unbiased, tolerance: 1e-12, "running variance")
    // The layer it came from is unchanged: the update is a new value.
    #expect(layer.runningMean.scalars(as: Double.self) == [0, 0, 0])
    // Many steps on the same batch converge to its statistics.
    var current = layer
    for _ in 0..<200 { current = current.forward(x, mode: .training(key: nil)).updated }
    expectAgreement(current.runningMean, batchMean, tolerance: 1e-10, "converged mean")
    // Evaluation then normalizes with the batch mean and the unbiased variance (PyTorch's rule).
    let shape = [1, 3, 1, 1]
    let expected = (x - batchMean.reshaped(to: shape)) / sqrt(unbiased.reshaped(to: shape) + 1e-5)
    expectAgreement(current(x), expected, tolerance: 1e-10, "evaluation at convergence")
  }

  @Test func evaluationUsesTheRunningStatistics() {
    var layer = BatchNorm(featureCount: 3, dtype: .float64)
    layer.runningMean = Tensor([1.0, 2.0, 3.0])
    layer.runningVariance = Tensor([4.0, 1.0, 0.25])
    let input = Tensor([1.0, 2.0, 3.0, 3.0, 3.0, 3.0], shape: [2, 3])
    let expected = Tensor([0.0, 0.0, 0.0, 2.0, 1.0, 0.0], shape: [2, 3]) / sqrt(Tensor([4.0, 1.0, 0.25]) + 1e-5)
    expectAgreement(layer(input), expected, tolerance: 1e-15, "evaluation")
    let (output, same) = layer.forward(input, mode: .evaluation)
    expectAgreement(output, layer(input), tolerance: 0, "forward in evaluation is callAsFunction")
    #expect(same.runningMean.scalars(as: Double.self) == [1, 2, 3])
  }

  @Test func runningStatisticsAreBuffersWithZeroGradient() {
    let layer = BatchNorm(featureCount: 3, dtype: .float64)
    #expect(layer.namedParameters.map(\.path) == ["weight", "bias"])
    #expect(layer.namedBuffers.map(\.path) == ["runningMean", "runningVariance"])
    #expect(layer.namedLeaves.count == 4)
    for mode in [ForwardMode.evaluation, .training(key: nil)] {
      let gradient = grad(of: { (m: BatchNorm) in (m.forward(x, mode: mode).output * x).sum() })(layer)
      #expect(gradient.runningMean.scalars(as: Double.self) == [0, 0, 0], "\(mode)")
      #expect(gradient.runningVariance.scalars(as: Double.self) == [0, 0, 0], "\(mode)")
    }
  }

  typealias Model = Sequential<Linear, BatchNorm>

  @Test func theUpdatedLayerComesOutOfGradAsAuxiliaryData() {
    let model = Model(Linear(inputFeatures: 4, outputFeatures: 3, key: Random.key(2), dtype: .float64), BatchNorm(featureCount: 3, dtype: .float64))
    let input = Random.normal(Random.key(3), shape: [6, 4], dtype: .float64)
    let (loss, updated, gradient) = valueAndGrad(of: { (m: Model) in
      let (output, updated) = m.forward(input, mode: .training(key: nil))
      return ((output * output).mean(), updated)
    })(model)
    #expect(loss.isConcrete && updated.layers.1.runningMean.isConcrete)
    let expected = model.forward(input, mode: .training(key: nil)).updated
    expectAgreement(updated.layers.1.runningMean, expected.layers.1.runningMean, tolerance: 0, "running mean from aux")
    #expect(gradient.layers.0.weight.shape == [3, 4])
  }
}
