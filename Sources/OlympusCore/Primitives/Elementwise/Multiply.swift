import OlympusKernels

/// Elementwise product `a * b` (integers wrap).
public struct Multiply: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .multiply }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `mul`.
  public var description: String { "mul" }
  /// `b` and `a`.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (b, a)
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}
