import OlympusKernels

/// Elementwise quotient `a / b`; for integers floor division, with 0 for a zero divisor.
public struct Divide: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .divide }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `div`.
  public var description: String { "div" }
}
