import OlympusCore

/// Modules applied one after the other (PyTorch's `nn.Sequential`), of any module types — the
/// built-in layers and your own — kept as a statically typed tuple.
///
/// ```swift
/// let model = Sequential(
///   Conv2d(inputChannels: 1, outputChannels: 8, kernelSize: 3, padding: 1, key: k0), BatchNorm(featureCount: 8),
///   Activation.relu, MaxPool2d(kernelSize: 2), Flatten(), Dropout(rate: 0.25),
///   Linear(inputFeatures: 8 * 4 * 4, outputFeatures: 10, key: k1))
/// model(images)   // [N, 10]; a gradient over `model` is a value of the same Sequential type
/// ```
///
/// The layers are a variadic generic tuple rather than an array of type-erased modules: the
/// gradient has exactly the model's type, nothing is looked up at run time (no registry of layer
/// types to decode, no existential calls), and user-defined modules work with no registration.
/// Flattening and `Codable` store the layers as a list, so paths are `0.weight`, `1.runningMean`…
/// as in PyTorch's `nn.Sequential`. The price is that the number and types of layers are fixed at
/// compile time; for a run-time number of identical blocks, use an array (`[Block]` is a tree).
public struct Sequential<each Layer: Module>: Module {
  /// The layers, in application order.
  public var layers: (repeat each Layer)

  /// The given layers, in application order.
  public init(_ layers: repeat each Layer) {
    self.layers = (repeat each layers)
  }

  /// Every layer applied in turn (evaluation mode).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    var output = input
    for layer in repeat each layers { output = layer(output) }
    return output
  }

  /// Every layer's `forward(_:mode:)` in turn, layer `i` with ``ForwardMode/child(_:)`` `i` (its
  /// own key); returns the sequence of updated layers.
  public func forward(_ input: Tensor, mode: ForwardMode) -> (output: Tensor, updated: Self) {
    var output = input
    var index = 0
    func step<L: Module>(_ layer: L) -> L {
      let result = layer.forward(output, mode: mode.child(index))
      output = result.output
      index += 1
      return result.updated
    }
    let updated = Sequential(repeat step(each layers))
    return (output, updated)
  }

  /// Encodes the layers as a list.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    for layer in repeat each layers { try container.encode(layer) }
  }

  /// Decodes what `encode(to:)` wrote.
  public init(from decoder: any Decoder) throws {
    var container = try decoder.unkeyedContainer()
    func next<L: Module>(_ type: L.Type) throws -> L { try container.decode(type) }
    layers = (repeat try next((each Layer).self))
  }
}
