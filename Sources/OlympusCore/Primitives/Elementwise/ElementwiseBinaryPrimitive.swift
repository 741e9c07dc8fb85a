import OlympusKernels

/// A primitive that combines two tensors of equal type element by element.
///
/// The family supplies the type rule (equal shapes and types; a `bool` result for comparisons)
/// and evaluation (one kernel call).
public protocol ElementwiseBinaryPrimitive: SingleOutputPrimitive {
  /// The kernel that computes it.
  var operation: BinaryOperation { get }
  /// The element types it accepts.
  var domain: ElementDomain { get }
}

extension ElementwiseBinaryPrimitive {
  /// The operands' type (or `bool` of their shape for comparisons), for two operands of one type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    guard inputs[0] == inputs[1] else {
      throw OlympusError(description, "operands \(inputs[0]) and \(inputs[1]) must have equal shapes and types")
    }
    guard domain.contains(inputs[0].dtype) else {
      throw OlympusError(description, "expects \(domain.name) operands, got \(inputs[0])")
    }
    return [TensorType(shape: inputs[0].shape, dtype: operation.isComparison ? .bool : inputs[0].dtype)]
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (a, b) = (inputs[0], inputs[1])
    let type = TensorType(shape: a.shape, dtype: operation.isComparison ? .bool : a.dtype)
    return [
      Tensor.make(type, like: a) { output in
        withExtendedLifetime((a, b)) {
          Elementwise.binary(
            operation, a.dtype.scalarType, shape: a.shape, lhs: a.stridedView, rhs: b.stridedView, output: output)
        }
      }
    ]
  }
}
