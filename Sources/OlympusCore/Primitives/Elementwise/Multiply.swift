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

extension Multiply {
  /// Each partial is the other operand.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
