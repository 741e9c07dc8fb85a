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
  /// The same reduction over other axes.
  init(axes: [Int])
}

extension ReductionPrimitive {
  /// The input's type without the reduced axes.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try checkInput(inputs[0])
    return [TensorType(shape: removingAxes(axes, from: inputs[0].shape), dtype: inputs[0].dtype)]
  }

  /// Checks one input without building the output type; otherwise throws as `outputTypes(for:)`.
  public func validate(_ inputs: [Tensor]) throws(OlympusError) {
    guard inputs.count == 1 else {
      _ = try outputTypes(for: inputs.map(\.type))
      return
    }
    try checkInput(inputs[0].type)
  }

  /// Throws unless `x` can be reduced over `axes`.
  func checkInput(_ x: TensorType) throws(OlympusError) {
    try validateAxes(axes, rank: x.rank, in: self, type: x)
    guard domain.contains(x.dtype) else {
      throw OlympusError(description, "expects a \(domain.name) tensor, got \(x)")
    }
    guard hasIdentity || axes.allSatisfy({ x.shape[$0] > 0 }) else {
      throw OlympusError(description, "cannot reduce zero elements of \(x) over axes \(axes): no identity")
    }
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

  /// The same reduction with the batch axis first and the axes shifted past it.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { shift in Self(axes: self.axes.map(shift)) }
  }
}

/// A reduction to the largest or smallest element (`ReduceMax`, `ReduceMin`): their derivatives go
/// to the places where the extreme is attained, shared equally among ties (as in JAX).
public protocol ExtremumReductionPrimitive: ReductionPrimitive {}

extension ExtremumReductionPrimitive {
  /// Where the extreme is attained, each place weighted equally among ties.
  func weights(_ x: Tensor, _ y: Tensor) -> Tensor {
    let mask = (x .== expandReduced(y, axes: axes, to: x.shape)).astype(x.dtype)
    return mask / expandReduced(bind(ReduceSum(axes: axes), mask), axes: axes, to: x.shape)
  }

  /// The tangent at the extreme (averaged over ties).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil] }
    return [bind(ReduceSum(axes: axes), tangent * weights(primals[0], outputs[0]))]
  }

  /// The cotangent to the extreme (shared among ties).
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    return [expandReduced(cotangent, axes: axes, to: primals[0].shape) * weights(primals[0], outputs[0])]
  }
}
