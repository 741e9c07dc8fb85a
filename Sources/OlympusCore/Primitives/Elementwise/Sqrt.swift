import OlympusKernels

/// Elementwise The square root; NaN below 0.
public struct Sqrt: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sqrt }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `sqrt`.
  public var description: String { "sqrt" }
}
