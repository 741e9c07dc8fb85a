import OlympusKernels

/// The elementwise inverse hyperbolic cosine; NaN below 1.
public struct Acosh: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .acosh }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `acosh`.
  public var description: String { "acosh" }
  /// `1 / √(x² − 1)`, as `1/(√(x − 1)·√(x + 1))` so that large `x` does not overflow the square.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { rsqrt(x - 1) * rsqrt(x + 1) }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise inverse hyperbolic cosine; NaN below 1. Integer and `bool` tensors are converted to `float32`
/// first.
public func acosh(_ x: Tensor) -> Tensor { unaryElementwise(x, Acosh(), "acosh") }
