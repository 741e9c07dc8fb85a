import OlympusKernels

/// Elementwise `1 / √x`.
public struct Rsqrt: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .rsqrt }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `rsqrt`.
  public var description: String { "rsqrt" }
  /// `-x^(-3/2) / 2`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { -0.5 * y / x }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
}

extension Rsqrt {
  /// The derivative uses the input and the output.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}
