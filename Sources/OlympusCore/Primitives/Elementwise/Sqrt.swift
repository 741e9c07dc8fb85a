import OlympusKernels

/// The elementwise square root; NaN below 0.
public struct Sqrt: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sqrt }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `sqrt`.
  public var description: String { "sqrt" }
  /// `1 / (2√x)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 0.5 / y }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
}

extension Sqrt {
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
