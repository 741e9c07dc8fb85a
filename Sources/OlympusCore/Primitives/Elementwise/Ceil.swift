import OlympusKernels

/// Elementwise The smallest integer not below `x`.
public struct Ceil: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .ceil }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `ceil`.
  public var description: String { "ceil" }
}
