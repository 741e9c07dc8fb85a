import OlympusKernels

/// Elementwise sum `a + b` (integers wrap).
public struct Add: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .add }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `add`.
  public var description: String { "add" }
}
