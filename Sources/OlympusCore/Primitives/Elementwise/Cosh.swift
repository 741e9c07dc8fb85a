import OlympusKernels

/// The elementwise hyperbolic cosine.
public struct Cosh: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .cosh }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `cosh`.
  public var description: String { "cosh" }
  /// `sinh x`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { sinh(x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise hyperbolic cosine. Integer and `bool` tensors are converted to `float32` first.
public func cosh(_ x: Tensor) -> Tensor { unaryElementwise(x, Cosh(), "cosh") }
