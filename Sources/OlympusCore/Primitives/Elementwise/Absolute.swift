import OlympusKernels

/// Elementwise `|x|`.
public struct Absolute: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .absolute }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `abs`.
  public var description: String { "abs" }
}
