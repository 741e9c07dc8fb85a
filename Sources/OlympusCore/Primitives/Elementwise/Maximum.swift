import OlympusKernels

/// Elementwise larger value; NaN if either is NaN.
public struct Maximum: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .maximum }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `max`.
  public var description: String { "max" }
  /// 1 for the larger operand, 0 for the other, ½ each at ties (as JAX).
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (tieSplit(a .> b, a .== b, like: a), tieSplit(b .> a, a .== b, like: a))
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Maximum {
  /// The partials use the operands.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
