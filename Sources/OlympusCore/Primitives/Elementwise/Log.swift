import OlympusKernels

/// The elementwise natural logarithm; `-inf` at 0 and NaN below.
public struct Log: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .log }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `log`.
  public var description: String { "log" }
  /// `1 / x`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / x }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
}

extension Log {
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
