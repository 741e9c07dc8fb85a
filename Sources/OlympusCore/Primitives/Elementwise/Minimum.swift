import OlympusKernels

/// Elementwise smaller value; NaN if either is NaN.
public struct Minimum: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .minimum }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `min`.
  public var description: String { "min" }
}
