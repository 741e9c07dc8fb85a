import OlympusKernels

/// The elementwise nearest integer, halves to even (NumPy's `round`).
public struct Round: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .round }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `round`.
  public var description: String { "round" }
  /// Zero (piecewise constant).
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { nil }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Round {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
