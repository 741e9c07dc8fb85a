import OlympusCore
import OlympusNN
import Testing

/// First and second derivatives of every layer, activation and loss in float64 against central
/// finite differences, and reverse mode against forward mode (`checkGrads`, whose default
/// tolerance 10⁻⁶ is justified in its documentation: step 10⁻⁵ gives truncation and rounding
/// errors near 10⁻¹¹ of the values). Inputs are random normals, away from the kinks of ReLU-like
/// functions and from ties in max pooling (almost surely).
@Suite("Gradients by finite differences")
struct GradientCheckTests {
  static func normal(_ shape: [Int], seed: Int) -> Tensor {
    Random.normal(Random.key(seed), shape: shape, dtype: .float64)
  }

  static let key = Random.key(11)

  /// Functions of one tensor: a layer with its input, or a parameter with the rest fixed.
  static let functions: [(String, [Int], @Sendable (Tensor) -> Tensor)] = [
    ("linear, input", [4, 3], { Linear(inputFeatures: 3, outputFeatures: 2, key: key, dtype: .float64)($0) }),
    ("linear, weight", [2, 3], { Linear(weight: $0, bias: normal([2], seed: 1))(normal([4, 3], seed: 2)) }),
    ("conv2d, input", [2, 2, 5, 5], {
      Conv2d(inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, key: key, dtype: .float64)($0)
    }),
    ("conv2d, weight", [3, 2, 2, 3], {
      Conv2d(weight: $0, bias: normal([3], seed: 3), stride: [1, 2], padding: [1, 0], dilation: [2, 1])(
        normal([2, 2, 5, 6], seed: 4))
    }),
    ("conv1d, input and weight", [4, 2, 3], { w in Conv1d(weight: w, padding: 1, dilation: 2)(normal([2, 2, 7], seed: 5)) }),
    ("maxPool2d", [2, 2, 5, 5], { MaxPool2d(kernelSize: 3, stride: 2, padding: 1)($0) }),
    ("avgPool2d without padding counts", [2, 2, 5, 5], { AvgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false)($0) }),
    ("maxPool1d", [2, 3, 7], { MaxPool1d(kernelSize: 2)($0) }),
    ("avgPool1d", [2, 3, 7], { AvgPool1d(kernelSize: 3, stride: 2)($0) }),
    ("embedding, table", [6, 3], { Embedding(weight: $0)(Tensor([0, 5, 5, 2], shape: [2, 2])) }),
    ("layerNorm, input", [3, 2, 4], { LayerNorm(normalizedShape: [2, 4], dtype: .float64)($0) }),
    ("batchNorm training, input", [5, 3, 2], { BatchNorm(featureCount: 3, dtype: .float64).forward($0, mode: .training(key: nil)).output }),
    ("batchNorm training, weight", [3], { w in
      var layer = BatchNorm(featureCount: 3, dtype: .float64)
      layer.weight = w
      return layer.forward(normal([4, 3, 3, 3], seed: 6), mode: .training(key: nil)).output
    }),
    ("batchNorm evaluation, input", [4, 3], { x in
      var layer = BatchNorm(featureCount: 3, dtype: .float64)
      layer.runningMean = normal([3], seed: 7)
      return layer(x)
    }),
    ("dropout with a fixed key", [20], { dropout($0, rate: 0.3, key: key) }),
    ("relu", [12], { relu($0) }),
    ("leakyRelu", [12], { leakyRelu($0, negativeSlope: 0.2) }),
    ("elu", [12], { elu($0, alpha: 0.7) }),
    ("gelu", [12], { gelu($0 * 3) }),
    ("gelu tanh", [12], { gelu($0 * 3, approximate: true) }),
    ("silu", [12], { silu($0) }),
    ("softplus", [12], { softplus($0 * 10) }),
    ("logSigmoid", [12], { logSigmoid($0 * 10) }),
    ("mse", [4, 3], { mse($0, normal([4, 3], seed: 8)) }),
    ("huber", [10], { huber($0 * 2, normal([10], seed: 9), delta: 0.8, reduction: .sum) }),
    ("binaryCrossEntropy", [8], { binaryCrossEntropy(withLogits: $0 * 4, targets: Random.uniform(key, shape: [8], dtype: .float64)) }),
    ("crossEntropy, labels, smoothing", [5, 4], { crossEntropy($0, Tensor([0, 3, 1, 1, 2]), labelSmoothing: 0.1) }),
    ("crossEntropy, ignoreIndex, none", [5, 4], { crossEntropy($0, Tensor([0, -100, 1, 1, 2]), ignoreIndex: -100, reduction: .none) }),
    ("crossEntropy, class axis 1", [2, 4, 3], { crossEntropy($0, Tensor([0, 3, 1, 1, 2, 0], shape: [2, 3]), classAxis: 1) }),
    ("crossEntropy, probabilities", [5, 4], { crossEntropy($0, probabilities: softmax(normal([5, 4], seed: 10)), labelSmoothing: 0.2) }),
    ("nll", [5, 4], { nll(logSoftmax($0), Tensor([0, 3, 1, 1, 2])) }),
    ("mlp", [3, 4], { MLP(sizes: [4, 5, 2], activation: .gelu, key: key, dtype: .float64)($0) }),
  ]

  @Test(arguments: functions.indices)
  func derivativesAgreeWithFiniteDifferences(_ index: Int) throws {
    let (name, shape, function) = Self.functions[index]
    do {
      try checkGrads(of: function, at: Self.normal(shape, seed: 100 + index))
    } catch {
      Issue.record("\(name): \(error)")
    }
  }
}
