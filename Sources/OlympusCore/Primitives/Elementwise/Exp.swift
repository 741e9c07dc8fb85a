import OlympusKernels

/// Elementwise `eˣ`.
public struct Exp: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .exp }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `exp`.
  public var description: String { "exp" }
}
