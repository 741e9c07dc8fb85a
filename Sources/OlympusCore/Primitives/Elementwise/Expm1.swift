import OlympusKernels

/// Elementwise `eˣ - 1`, accurate for small `x`.
public struct Expm1: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .expm1 }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `expm1`.
  public var description: String { "expm1" }
}
