import OlympusKernels

/// Elementwise remainder with the divisor's sign (Python's and NumPy's `%`).
public struct Remainder: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .remainder }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `rem`.
  public var description: String { "rem" }
}
