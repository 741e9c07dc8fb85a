import OlympusKernels

/// Elementwise `log(1 + x)`, accurate for small `x`.
public struct Log1p: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .log1p }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `log1p`.
  public var description: String { "log1p" }
  /// `1 / (1 + x)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / (x + 1) }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
}

extension Log1p {
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
