import OlympusKernels

/// Elementwise larger value; NaN if either is NaN.
public struct Maximum: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .maximum }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `max`.
  public var description: String { "max" }
}
