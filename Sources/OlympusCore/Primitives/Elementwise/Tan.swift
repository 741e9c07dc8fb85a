import OlympusKernels

/// The elementwise tangent, `x` in radians.
public struct Tan: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .tan }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `tan`.
  public var description: String { "tan" }
  /// `1 + tan²x`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 + y * y }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Tan {
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
