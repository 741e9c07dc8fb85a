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

  /// The tangent of the branch chosen at each element.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard tangents[1] != nil || tangents[2] != nil else { return [nil] }
    return [
      select(primals[0], tangentOrZero(tangents[1], like: primals[1]), tangentOrZero(tangents[2], like: primals[2]))
    ]
  }

  /// The cotangent to the branch chosen at each element, zero to the other; none to the condition.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil, nil] }
    let zero = Tensor.zeros(like: cotangent)
    return [nil, select(primals[0], cotangent, zero), select(primals[0], zero, cotangent)]
  }

  /// Applied once to inputs aligned on one batch axis.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchElementwise(self, inputs, axes)
  }
}

extension Select {
  /// Only the condition is read.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 0 }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
