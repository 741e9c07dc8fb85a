import OlympusKernels

/// The elementwise base-10 logarithm; `-inf` at 0 and NaN below.
public struct Log10: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .log10 }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `log10`.
  public var description: String { "log10" }
  /// `1 / (x · ln 10)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / (x * 2.3025850929940457) }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise base-10 logarithm; `-inf` at 0 and NaN below. Integer and `bool` tensors are converted to
/// `float32` first.
public func log10(_ x: Tensor) -> Tensor { unaryElementwise(x, Log10(), "log10") }
