import OlympusKernels

/// Elementwise choice `condition ? onTrue : onFalse` (NumPy's `where`): a `bool` condition and two
/// tensors of one type, all of one shape.
public struct Select: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `select`.
  public var description: String { "select" }

  /// The branches' type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 3)
    let (condition, onTrue, onFalse) = (inputs[0], inputs[1], inputs[2])
    guard condition.dtype == .bool, condition.shape == onTrue.shape, onTrue == onFalse else {
      throw OlympusError(
        description, "expects a bool condition and two branches of one shape and type, got \(condition), \(onTrue), \(onFalse)")
    }
    return [onTrue]
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (condition, onTrue, onFalse) = (inputs[0], inputs[1], inputs[2])
    return [
      Tensor.make(onTrue.type, like: onTrue) { output in
        withExtendedLifetime(inputs) {
          Elementwise.select(
            onTrue.dtype.scalarType, shape: onTrue.shape, condition: condition.stridedView,
            onTrue: onTrue.stridedView, onFalse: onFalse.stridedView, output: output)
        }
      }
    ]
  }
}
