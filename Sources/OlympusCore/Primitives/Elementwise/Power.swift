import OlympusKernels

/// Elementwise power `aᵇ`; for integers by repeated squaring.
public struct Power: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .power }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `pow`.
  public var description: String { "pow" }
  /// `b·aᵇ⁻¹` (0 where `b` is 0) and `aᵇ·log a` (0 where `a` is 0, the limit along the real axis).
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (select(b .== 0, Tensor.zeros(like: a), b * pow(a, b - 1)), select(a .== 0, Tensor.zeros(like: a), y * log(a)))
  }
  /// Whether a partial is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
}

extension Power {
  /// The partials use the operands and the output.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
