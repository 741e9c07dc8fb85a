import OlympusKernels

/// Elementwise power `aᵇ`; for integers by repeated squaring.
public struct Power: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .power }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `pow`.
  public var description: String { "pow" }
}
