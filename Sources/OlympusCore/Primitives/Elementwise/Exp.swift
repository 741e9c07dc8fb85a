import OlympusKernels

/// Elementwise `eˣ`.
public struct Exp: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .exp }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `exp`.
  public var description: String { "exp" }
  /// `eˣ`, the output itself.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { y }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Exp {
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
