import OlympusCore

/// A multilayer perceptron: ``Linear`` layers of the given sizes with an activation between
/// them (none after the last).
///
/// ```swift
/// let mlp = MLP(sizes: [784, 128, 10], key: Random.key(0))   // layers.0.weight [128, 784] …
/// let logits = mlp(images)                                   // [N, 10]
/// ```
public struct MLP: Module {
  /// The linear layers, in order.
  public var layers: [Linear]
  /// The activation applied after every layer but the last.
  public var activation: Activation

  /// An MLP of the given layers.
  public init(layers: [Linear], activation: Activation = .relu) {
    self.layers = layers
    self.activation = activation
  }

  /// `sizes.count − 1` layers mapping `sizes[i]` features to `sizes[i + 1]`, each initialized as
  /// PyTorch's `nn.Linear` from `Random.foldIn(key, i)`.
  public init(sizes: [Int], activation: Activation = .relu, key: Tensor, dtype: DType = .float32) {
    guard sizes.count >= 2 else {
      misuse("MLP(sizes:activation:key:)", "needs at least two sizes, got \(sizes)")
      self.init(layers: [], activation: activation)
      return
    }
    let layers = (0..<(sizes.count - 1)).map { index in
      Linear(inputFeatures: sizes[index], outputFeatures: sizes[index + 1], key: Random.foldIn(key, index), dtype: dtype)
    }
    self.init(layers: layers, activation: activation)
  }

  /// The layers applied in order, with the activation between them.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    var output = input
    for (index, layer) in layers.enumerated() {
      output = layer(output)
      if index < layers.count - 1 { output = activation(output) }
    }
    return output
  }
}
