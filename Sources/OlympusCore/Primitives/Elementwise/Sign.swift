import OlympusKernels

/// Elementwise `-1`, `0` or `1` by the sign of `x` (NaN stays NaN).
public struct Sign: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sign }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `sign`.
  public var description: String { "sign" }
  /// Zero.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { nil }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Sign {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
