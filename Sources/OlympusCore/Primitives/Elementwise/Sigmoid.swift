import OlympusKernels

/// Elementwise The logistic function `1 / (1 + e⁻ˣ)`.
public struct Sigmoid: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sigmoid }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `logistic`.
  public var description: String { "logistic" }
}
