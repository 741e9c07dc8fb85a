import OlympusCore

/// Marks a tensor of a module as state rather than a parameter (PyTorch's `register_buffer`):
/// ``BatchNorm``'s running statistics, for example.
///
/// A buffer is a leaf of the tree like any tensor — saved with the model, carried through every
/// transformation, named by its path (`runningMean`, not `runningMean.wrappedValue`) — but
/// ``Module/namedParameters`` and ``Module/parameters`` leave it out, and ``Module/requiringGrad()``
/// does not mark it. Read buffers through `stopGradient` so that their gradient is zero.
///
/// ```swift
/// struct Normalizer: Module {
///   @Buffer var mean: Tensor
///   func callAsFunction(_ x: Tensor) -> Tensor { x - stopGradient(mean) }
/// }
/// ```
@propertyWrapper
public struct Buffer: Codable {
  /// The tensor.
  public var wrappedValue: Tensor

  /// Wraps `wrappedValue`.
  public init(wrappedValue: Tensor) {
    self.wrappedValue = wrappedValue
  }

  /// Encodes the tensor in place of the wrapper (so its path is the property's name), or nothing
  /// while ``Module/namedParameters`` looks for the parameters.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if BufferVisibility.isHidden {
      try container.encodeNil()
    } else {
      try container.encode(wrappedValue)
    }
  }

  /// Decodes what `encode(to:)` wrote.
  public init(from decoder: any Decoder) throws {
    wrappedValue = try decoder.singleValueContainer().decode(Tensor.self)
  }
}

/// Whether buffers hide from the tree being flattened on this task or thread.
enum BufferVisibility {
  @TaskLocal static var isHidden = false
}
