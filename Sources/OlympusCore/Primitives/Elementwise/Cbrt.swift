import OlympusKernels

/// The elementwise cube root, negative for negative `x`.
public struct Cbrt: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .cbrt }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `cbrt`.
  public var description: String { "cbrt" }
  /// `1 / (3·y²)` at the output `y`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / (3 * (y * y)) }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}

/// Elementwise cube root, negative for negative `x`. Integer and `bool` tensors are converted to `float32`
/// first.
public func cbrt(_ x: Tensor) -> Tensor { unaryElementwise(x, Cbrt(), "cbrt") }
