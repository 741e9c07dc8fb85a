import OlympusKernels

/// Elementwise `eˣ - 1`, accurate for small `x`.
public struct Expm1: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .expm1 }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `expm1`.
  public var description: String { "expm1" }
  /// `eˣ`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { y + 1 }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Expm1 {
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
