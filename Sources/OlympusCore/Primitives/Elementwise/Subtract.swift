import OlympusKernels

/// Elementwise difference `a - b` (integers wrap).
public struct Subtract: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .subtract }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `sub`.
  public var description: String { "sub" }
}
