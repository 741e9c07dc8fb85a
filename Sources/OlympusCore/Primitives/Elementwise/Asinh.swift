import OlympusKernels

/// The elementwise inverse hyperbolic sine.
public struct Asinh: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .asinh }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `asinh`.
  public var description: String { "asinh" }
  /// `1 / √(x² + 1)`, as `1 / hypot(x, 1)` so that large `x` does not overflow the square.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / hypot(x, Tensor.scalar(1, dtype: x.dtype)) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise inverse hyperbolic sine. Integer and `bool` tensors are converted to `float32` first.
public func asinh(_ x: Tensor) -> Tensor { unaryElementwise(x, Asinh(), "asinh") }
