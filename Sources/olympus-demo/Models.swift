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

/// PyTorch's MNIST example network (without dropout) for 28×28 images: two 3×3 convolutions
/// (1 → 32 → 64 channels), 2×2 max pooling, then 9216 → 128 → 10 — the network of benchmark W10.
struct MNISTConvNet: Module {
  var conv1: Conv2d
  var conv2: Conv2d
  var hidden: Linear
  var classifier: Linear

  init(key: Tensor) {
    let keys = Random.split(key, count: 4)
    conv1 = Conv2d(inputChannels: 1, outputChannels: 32, kernelSize: 3, key: keys[0])
    conv2 = Conv2d(inputChannels: 32, outputChannels: 64, kernelSize: 3, key: keys[1])
    hidden = Linear(inputFeatures: 9216, outputFeatures: 128, key: keys[2])
    classifier = Linear(inputFeatures: 128, outputFeatures: 10, key: keys[3])
  }

  /// Logits `[N, 10]` for flat images `[N, 784]`.
  func callAsFunction(_ images: Tensor) -> Tensor {
    var h = relu(conv1(images.reshaped(to: [-1, 1, 28, 28])))
    h = maxPool2d(relu(conv2(h)), kernelSize: [2, 2])
    return classifier(relu(hidden(h.reshaped(to: [h.shape[0], -1]))))
  }
}

/// The digits' 8×8 images resized to `size`×`size` by bilinear interpolation (pixel centres
/// aligned, as PyTorch's `interpolate(mode="bilinear", align_corners=False)`): `[N, 64]` →
/// `[N, size²]`, two matrix products with the interpolation weights.
func upsampledDigits(_ images: Tensor, size: Int) -> Tensor {
  var weights = [Double](repeating: 0, count: size * 8)
  for row in 0..<size {
    let source = Swift.min(Swift.max((Double(row) + 0.5) * 8 / Double(size) - 0.5, 0), 7)
    let low = Int(source.rounded(.down))
    let high = Swift.min(low + 1, 7)
    weights[row * 8 + low] += 1 - (source - Double(low))
    weights[row * 8 + high] += source - Double(low)
  }
  let resize = Tensor(weights, shape: [size, 8]).astype(images.dtype)
  let rows = matmul(resize, images.reshaped(to: [-1, 8, 8]))
  return matmul(rows, resize.transposed()).reshaped(to: [-1, size * size])
}

/// The demo's multilayer perceptron, 64 → 128 → 10 with ReLU, as a `Sequential` so that its
/// saved tensors are named `0.weight`, `0.bias`, `2.weight`, `2.bias`, like PyTorch's
/// `nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))`. Its layers are initialized
/// as `MLP(sizes: [64, 128, 10], key: key)` initializes its own.
typealias DigitsMLP = Sequential<Linear, Activation, Linear>

/// A fresh `DigitsMLP` drawn from `key`, for images of `pixels` pixels.
func digitsMLP(key: Tensor, pixels: Int = 64) -> DigitsMLP {
  Sequential(
    Linear(inputFeatures: pixels, outputFeatures: 128, key: Random.foldIn(key, 0)), Activation.relu,
    Linear(inputFeatures: 128, outputFeatures: 10, key: Random.foldIn(key, 1)))
}

/// Which network to train.
enum ModelKind: String, CaseIterable {
  case mlp, cnn
}
