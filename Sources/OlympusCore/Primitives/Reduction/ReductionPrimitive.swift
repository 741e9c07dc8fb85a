import OlympusKernels

/// A primitive that combines the elements along some axes into one (sum, product, maximum,
/// minimum), removing those axes.
///
/// The family supplies the type rule and evaluation; `axes` are sorted and distinct.
public protocol ReductionPrimitive: SingleOutputPrimitive {
  /// The axes combined and removed.
  var axes: [Int] { get }
  /// The kernel operation.
  var operation: ReductionOperation { get }
  /// The element types it accepts.
  var domain: ElementDomain { get }
  /// Whether reducing zero elements is defined (it has an identity).
  var hasIdentity: Bool { get }
}

extension ReductionPrimitive {
  /// The input's type without the reduced axes.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    try validateAxes(axes, rank: x.rank, in: self, type: x)
    guard domain.contains(x.dtype) else {
      throw OlympusError(description, "expects a \(domain.name) tensor, got \(x)")
    }
    guard hasIdentity || axes.allSatisfy({ x.shape[$0] > 0 }) else {
      throw OlympusError(description, "cannot reduce zero elements of \(x) over axes \(axes): no identity")
    }
    return [TensorType(shape: removingAxes(axes, from: x.shape), dtype: x.dtype)]
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    let layout = ReductionLayout(x, axes: axes)
    return [
      Tensor.make(TensorType(shape: removingAxes(axes, from: x.shape), dtype: x.dtype)) { output in
        withExtendedLifetime(layout.input) {
          Reduction.reduce(
            operation, x.dtype.scalarType, input: layout.input.baseAddress, outer: layout.outer,
            count: layout.count, inner: layout.inner, output: output)
        }
      }
    ]
  }
}
