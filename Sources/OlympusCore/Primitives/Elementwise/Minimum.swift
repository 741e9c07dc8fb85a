import OlympusKernels

/// Elementwise smaller value; NaN if either is NaN.
public struct Minimum: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .minimum }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `min`.
  public var description: String { "min" }
  /// 1 for the smaller operand, 0 for the other, ½ each at ties (as JAX).
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (tieSplit(a .< b, a .== b, like: a), tieSplit(b .< a, a .== b, like: a))
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Minimum {
  /// The partials use the operands.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
