import OlympusKernels

/// Elementwise `|x|`.
public struct Absolute: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .absolute }
  /// Accepted element types.
  public var domain: ElementDomain { .numeric }
  /// `abs`.
  public var description: String { "abs" }
  /// `sign(x)`; 0 at the kink.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { sign(x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Absolute {
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
