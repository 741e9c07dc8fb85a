import OlympusKernels

/// Elementwise `log(1 + x)`, accurate for small `x`.
public struct Log1p: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .log1p }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `log1p`.
  public var description: String { "log1p" }
}
