import OlympusKernels

/// Elementwise remainder with the divisor's sign (Python's and NumPy's `%`).
public struct Remainder: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .remainder }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `rem`.
  public var description: String { "rem" }
  /// 1 and `-floor(a / b)` (away from the jumps).
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (Tensor.ones(like: a), -floor(a / b))
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Remainder {
  /// The partials use the operands.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
