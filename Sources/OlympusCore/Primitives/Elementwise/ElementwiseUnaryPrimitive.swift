import OlympusKernels

/// A primitive that maps each element through one function, keeping shape and type.
///
/// The family supplies the type rule and evaluation (one kernel call); each member states its
/// kernel operation and domain.
public protocol ElementwiseUnaryPrimitive: SingleOutputPrimitive {
  /// The kernel that computes it.
  var operation: UnaryOperation { get }
  /// The element types it accepts.
  var domain: ElementDomain { get }
}

extension ElementwiseUnaryPrimitive {
  /// The input's own type, for one input in the domain.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    guard domain.contains(inputs[0].dtype) else {
      throw OlympusError(description, "expects a \(domain.name) tensor, got \(inputs[0])")
    }
    return [inputs[0]]
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    return [
      Tensor.make(x.type, like: x) { output in
        withExtendedLifetime(x) {
          Elementwise.unary(operation, x.dtype.scalarType, shape: x.shape, input: x.stridedView, output: output)
        }
      }
    ]
  }
}
