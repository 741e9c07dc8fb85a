import OlympusKernels

/// Elementwise `-x`.
public struct Negate: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .negate }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `neg`.
  public var description: String { "neg" }
  /// `-1`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { Tensor.full(x.shape, value: -1, dtype: x.dtype) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }

  /// `-t`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { -$0 }]
  }

  /// `-ct`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0].map { -$0 }]
  }
}

extension Negate {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
