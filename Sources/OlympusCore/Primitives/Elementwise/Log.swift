import OlympusKernels

/// Elementwise The natural logarithm; `-inf` at 0 and NaN below.
public struct Log: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .log }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `log`.
  public var description: String { "log" }
}
