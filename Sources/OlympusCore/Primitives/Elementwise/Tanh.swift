import OlympusKernels

/// Elementwise The hyperbolic tangent.
public struct Tanh: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .tanh }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `tanh`.
  public var description: String { "tanh" }
}
