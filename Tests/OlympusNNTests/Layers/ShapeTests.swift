import OlympusCore
import OlympusNN
import Testing

/// Output shapes and types of every layer, batched and unbatched.
@Suite("Layer shapes")
struct ShapeTests {
  let key = Random.key(7)

  func input(_ shape: [Int], dtype: DType = .float32) -> Tensor {
    Random.normal(Random.key(shape.reduce(0, +)), shape: shape, dtype: dtype)
  }

  @Test func linearMapsTheLastAxis() {
    let layer = Linear(inputFeatures: 3, outputFeatures: 5, key: key)
    #expect(layer.weight.shape == [5, 3] && layer.bias?.shape == [5])
    #expect(layer(input([4, 3])).shape == [4, 5])
    #expect(layer(input([2, 4, 3])).shape == [2, 4, 5])
    #expect(layer(input([3])).shape == [5])
    #expect(layer(input([0, 3])).shape == [0, 5])
    #expect(Linear(inputFeatures: 3, outputFeatures: 2, bias: false, key: key).bias == nil)
  }

  @Test(arguments: [
    // input [N, C, H, W], kernel, stride, padding, dilation, expected [OH, OW]
    ([2, 3, 8, 8], 3, 1, 1, 1, [8, 8]),
    ([2, 3, 8, 8], 3, 2, 0, 1, [3, 3]),
    ([1, 3, 9, 7], 3, 2, 1, 2, [4, 3]),
    ([4, 3, 5, 6], 1, 1, 0, 1, [5, 6]),
    ([1, 3, 3, 3], 3, 1, 0, 1, [1, 1]),
  ])
  func conv2dOutputSize(_ shape: [Int], _ kernel: Int, _ stride: Int, _ padding: Int, _ dilation: Int, _ size: [Int]) {
    let layer = Conv2d(
      inputChannels: 3, outputChannels: 4, kernelSize: kernel, stride: stride, padding: padding, dilation: dilation,
      key: key)
    #expect(layer.weight.shape == [4, 3, kernel, kernel])
    #expect(layer(input(shape)).shape == [shape[0], 4] + size)
    #expect(layer(input(Array(shape.dropFirst()))).shape == [4] + size, "unbatched [C, H, W]")
  }

  @Test func conv1dAndPoolingShapes() {
    let conv = Conv1d(inputChannels: 2, outputChannels: 5, kernelSize: 3, stride: 2, padding: 1, key: key)
    #expect(conv(input([4, 2, 11])).shape == [4, 5, 6])
    #expect(conv(input([2, 11])).shape == [5, 6])
    #expect(MaxPool2d(kernelSize: 2)(input([2, 3, 8, 6])).shape == [2, 3, 4, 3])
    #expect(MaxPool2d(kernelSize: 3, stride: 2, padding: 1)(input([2, 3, 7, 7])).shape == [2, 3, 4, 4])
    #expect(AvgPool2d(kernelSize: 2)(input([3, 9, 9])).shape == [3, 4, 4])
    #expect(MaxPool1d(kernelSize: 2)(input([2, 3, 9])).shape == [2, 3, 4])
    #expect(AvgPool1d(kernelSize: 3, stride: 1, padding: 1)(input([2, 3, 9])).shape == [2, 3, 9])
  }

  @Test func embeddingNormalizationAndFlattenShapes() {
    let embedding = Embedding(count: 10, dimension: 4, key: key)
    #expect(embedding(Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])).shape == [2, 3, 4])
    #expect(embedding(Tensor(Int32(3))).shape == [4])
    #expect(LayerNorm(normalizedShape: [6])(input([2, 5, 6])).shape == [2, 5, 6])
    let batchNorm = BatchNorm(featureCount: 3)
    for shape in [[4, 3], [4, 3, 7], [4, 3, 5, 5]] {
      #expect(batchNorm(input(shape)).shape == shape)
      #expect(batchNorm.forward(input(shape), mode: .training(key: nil)).output.shape == shape)
    }
    #expect(Flatten()(input([2, 3, 4, 5])).shape == [2, 60])
    #expect(Flatten(startAxis: 0, endAxis: 1)(input([2, 3, 4])).shape == [6, 4])
  }

  @Test func modelsComposeLayers() {
    let mlp = MLP(sizes: [6, 16, 8, 3], key: key)
    #expect(mlp.layers.map(\.weight.shape) == [[16, 6], [8, 16], [3, 8]])
    #expect(mlp(input([5, 6])).shape == [5, 3])
    let cnn = Sequential(
      Conv2d(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, key: key), BatchNorm(featureCount: 4),
      Activation.relu, MaxPool2d(kernelSize: 2), Flatten(), Dropout(rate: 0.5),
      Linear(inputFeatures: 4 * 4 * 4, outputFeatures: 10, key: key))
    #expect(cnn(input([3, 1, 8, 8])).shape == [3, 10])
    #expect(cnn.forward(input([3, 1, 8, 8]), mode: .training(key: key)).output.shape == [3, 10])
  }

  @Test func layersKeepTheirElementType() {
    let x64 = input([2, 3, 6, 6], dtype: .float64)
    let conv64 = Conv2d(inputChannels: 3, outputChannels: 2, kernelSize: 3, key: key, dtype: .float64)
    #expect(conv64(x64).dtype == .float64)
    #expect(Conv2d(inputChannels: 3, outputChannels: 2, kernelSize: 3, key: key)(input([2, 3, 6, 6])).dtype == .float32)
    #expect(MLP(sizes: [4, 2], key: key, dtype: .float64)(input([1, 4], dtype: .float64)).dtype == .float64)
    for activation in [Activation.relu, .leakyRelu(), .elu(), .gelu, .geluTanh, .silu, .softplus, .logSigmoid, .sigmoid, .tanh, .identity] {
      #expect(activation(input([3])).dtype == .float32, "\(activation)")
      #expect(activation(input([3], dtype: .float64)).dtype == .float64, "\(activation)")
    }
  }
}
