import OlympusKernels

/// Elementwise Boolean negation.
public struct LogicalNot: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .logicalNot }
  /// Accepted element types.
  public var domain: ElementDomain { .boolean }
  /// `not`.
  public var description: String { "not" }
  /// None (boolean).
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { nil }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension LogicalNot {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
