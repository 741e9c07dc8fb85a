import OlympusKernels

/// Elementwise The sine, `x` in radians.
public struct Sin: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sin }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `sin`.
  public var description: String { "sin" }
}
