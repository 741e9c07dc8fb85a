import OlympusKernels

/// Elementwise The nearest integer, halves to even (NumPy's `round`).
public struct Round: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .round }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `round`.
  public var description: String { "round" }
}
