import OlympusKernels

/// The elementwise logarithm of the absolute value of the gamma function; +inf at the poles (0 and the
/// negative integers).
public struct Lgamma: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .lgamma }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `lgamma`.
  public var description: String { "lgamma" }
  /// `ψ(x)`, the digamma function.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { digamma(x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise logarithm of the absolute value of the gamma function; +inf at the poles (0 and the negative
/// integers). Integer and `bool` tensors are converted to `float32` first.
public func lgamma(_ x: Tensor) -> Tensor { unaryElementwise(x, Lgamma(), "lgamma") }
