import OlympusKernels

/// Elementwise sum `a + b` (integers wrap).
public struct Add: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .add }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `add`.
  public var description: String { "add" }
  /// 1 and 1.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (Tensor.ones(like: a), Tensor.ones(like: b))
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }

  /// `ta + tb`, without multiplying by the unit partials.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [addTangents(tangents[0], tangents[1])]
  }

  /// The cotangent, to both operands.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0], cotangents[0]]
  }
}

extension Add {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
