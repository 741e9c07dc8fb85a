import OlympusKernels

/// Product over `axes`; 1 for no elements.
public struct ReduceProduct: ReductionPrimitive {
  /// The axes reduced, sorted and distinct.
  public var axes: [Int]
  /// Creates the primitive reducing `axes` (sorted and distinct).
  public init(axes: [Int]) { self.axes = axes }
  /// The kernel operation.
  public var operation: ReductionOperation { .product }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// Whether zero elements reduce to an identity.
  public var hasIdentity: Bool { true }
  /// `reduce_prod[axes]`.
  public var description: String { "reduce_prod\(axes)" }

  /// `∂y/∂xᵢ`, the product of the other elements, exact with zeros: with none it is `y / xᵢ`,
  /// with one it is the product of the rest at the zero and 0 elsewhere, with more it is 0.
  func partials(_ x: Tensor) -> Tensor {
    let isZero = x .== 0
    let zeroCount = expandReduced(bind(ReduceSum(axes: axes), isZero.astype(x.dtype)), axes: axes, to: x.shape)
    let ones = Tensor.ones(like: x)
    let nonzeroProduct = expandReduced(bind(self, select(isZero, ones, x)), axes: axes, to: x.shape)
    let withOneZero = select(isZero .& (zeroCount .== 1), nonzeroProduct, Tensor.zeros(like: x))
    return select(zeroCount .== 0, nonzeroProduct / select(isZero, ones, x), withOneZero)
  }

  /// `Σ tᵢ ∂y/∂xᵢ`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil] }
    return [bind(ReduceSum(axes: axes), tangent * partials(primals[0]))]
  }

  /// `ct · ∂y/∂xᵢ`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    return [expandReduced(cotangent, axes: axes, to: primals[0].shape) * partials(primals[0])]
  }
}
