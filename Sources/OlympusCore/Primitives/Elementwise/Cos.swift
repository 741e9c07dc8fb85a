import OlympusKernels

/// The elementwise cosine, `x` in radians.
public struct Cos: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .cos }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `cos`.
  public var description: String { "cos" }
  /// `-sin x`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { -sin(x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Cos {
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
