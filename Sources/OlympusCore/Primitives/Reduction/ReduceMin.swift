import OlympusKernels

/// Minimum over `axes` (NaN if any element is NaN; `all` for bool).
public struct ReduceMin: ReductionPrimitive {
  /// The axes reduced, sorted and distinct.
  public var axes: [Int]
  /// Creates the primitive reducing `axes` (sorted and distinct).
  public init(axes: [Int]) { self.axes = axes }
  /// The kernel operation.
  public var operation: ReductionOperation { .minimum }
  /// Accepted element types.
  public var domain: ElementDomain { .any }
  /// Whether zero elements reduce to an identity.
  public var hasIdentity: Bool { false }
  /// `reduce_min[axes]`.
  public var description: String { "reduce_min\(axes)" }

  /// Where the extreme is attained, each place weighted equally among ties (as JAX).
  func weights(_ x: Tensor, _ y: Tensor) -> Tensor {
    let mask = (x .== expandReduced(y, axes: axes, to: x.shape)).astype(x.dtype)
    return mask / expandReduced(apply(ReduceSum(axes: axes), mask), axes: axes, to: x.shape)
  }

  /// The tangent at the extreme (averaged over ties).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil] }
    return [apply(ReduceSum(axes: axes), tangent * weights(primals[0], outputs[0]))]
  }

  /// The cotangent to the extreme (shared among ties).
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    return [expandReduced(cotangent, axes: axes, to: primals[0].shape) * weights(primals[0], outputs[0])]
  }

  /// The same reduction with the batch axis first and the axes shifted past it.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { shift in ReduceMin(axes: self.axes.map(shift)) }
  }
}
