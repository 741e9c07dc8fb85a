import OlympusKernels

/// Elementwise difference `a - b` (integers wrap).
public struct Subtract: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .subtract }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `sub`.
  public var description: String { "sub" }
  /// 1 and -1.
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (Tensor.ones(like: a), Tensor.full(b.shape, value: -1, dtype: b.dtype))
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }

  /// `ta - tb`, without multiplying by the unit partials.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [addTangents(tangents[0], tangents[1].map { -$0 })]
  }

  /// The cotangent and its negation.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0], cotangents[0].map { -$0 }]
  }
}

extension Subtract {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
