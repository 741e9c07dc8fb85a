import OlympusKernels

/// The elementwise logistic function `1 / (1 + e⁻ˣ)`.
public struct Sigmoid: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sigmoid }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `logistic`.
  public var description: String { "logistic" }
  /// `σ(x)(1 - σ(x))`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { y * (1 - y) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
}

extension Sigmoid {
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
