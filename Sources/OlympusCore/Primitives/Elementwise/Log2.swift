import OlympusKernels

/// The elementwise base-2 logarithm; `-inf` at 0 and NaN below.
public struct Log2: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .log2 }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `log2`.
  public var description: String { "log2" }
  /// `1 / (x · ln 2)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / (x * 0.69314718055994531) }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise base-2 logarithm; `-inf` at 0 and NaN below. Integer and `bool` tensors are converted to
/// `float32` first.
public func log2(_ x: Tensor) -> Tensor { unaryElementwise(x, Log2(), "log2") }
