import Olympus

/// The small convolutional network of the demo: two 3×3 convolutions with max pooling, then a
/// linear classifier, on the 8×8 digit images.
struct ConvNet: Module {
  var conv1: Conv2d
  var conv2: Conv2d
  var classifier: Linear

  init(key: Tensor) {
    let keys = Random.split(key, count: 3)
    conv1 = Conv2d(inputChannels: 1, outputChannels: 16, kernelSize: 3, padding: 1, key: keys[0])
    conv2 = Conv2d(inputChannels: 16, outputChannels: 32, kernelSize: 3, padding: 1, key: keys[1])
    classifier = Linear(inputFeatures: 32 * 2 * 2, outputFeatures: 10, key: keys[2])
  }

  /// Logits `[N, 10]` for flat images `[N, 64]`.
  func callAsFunction(_ images: Tensor) -> Tensor {
    var h = images.reshaped(to: [-1, 1, 8, 8])
    h = maxPool2d(relu(conv1(h)), kernelSize: [2, 2])
    h = maxPool2d(relu(conv2(h)), kernelSize: [2, 2])
    return classifier(h.reshaped(to: [h.shape[0], -1]))
  }
}

/// The demo's multilayer perceptron, 64 → 128 → 10 with ReLU, as a `Sequential` so that its
/// saved tensors are named `0.weight`, `0.bias`, `2.weight`, `2.bias`, like PyTorch's
/// `nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))`. Its layers are initialized
/// as `MLP(sizes: [64, 128, 10], key: key)` initializes its own.
typealias DigitsMLP = Sequential<Linear, Activation, Linear>

/// A fresh `DigitsMLP` drawn from `key`.
func digitsMLP(key: Tensor) -> DigitsMLP {
  Sequential(
    Linear(inputFeatures: 64, outputFeatures: 128, key: Random.foldIn(key, 0)), Activation.relu,
    Linear(inputFeatures: 128, outputFeatures: 10, key: Random.foldIn(key, 1)))
}

/// Which network to train.
enum ModelKind: String, CaseIterable {
  case mlp, cnn
}
