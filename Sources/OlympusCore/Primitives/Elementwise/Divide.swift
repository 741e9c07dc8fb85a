import OlympusKernels

/// Elementwise quotient `a / b`; for integers floor division, with 0 for a zero divisor.
public struct Divide: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .divide }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `div`.
  public var description: String { "div" }
  /// `1 / b` and `-a / b²`.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (1 / b, -y / b)
  }
  /// Whether a partial is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
}

extension Divide {
  /// The partials use the divisor and the output.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 1 }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
