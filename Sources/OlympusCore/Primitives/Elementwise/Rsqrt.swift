import OlympusKernels

/// Elementwise `1 / √x`.
public struct Rsqrt: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .rsqrt }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `rsqrt`.
  public var description: String { "rsqrt" }
}
