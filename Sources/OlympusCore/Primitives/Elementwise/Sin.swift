import OlympusKernels

/// The elementwise sine, `x` in radians.
public struct Sin: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sin }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `sin`.
  public var description: String { "sin" }
  /// `cos x`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { cos(x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Sin {
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
