import OlympusKernels

/// Elementwise The largest integer not above `x`.
public struct Floor: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .floor }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `floor`.
  public var description: String { "floor" }
}
