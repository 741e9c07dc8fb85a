import OlympusKernels

/// Elementwise The tangent, `x` in radians.
public struct Tan: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .tan }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `tan`.
  public var description: String { "tan" }
}
