import OlympusKernels

/// Elementwise `-x`.
public struct Negate: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .negate }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `neg`.
  public var description: String { "neg" }
}
