import OlympusKernels

/// The elementwise hyperbolic sine.
public struct Sinh: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .sinh }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `sinh`.
  public var description: String { "sinh" }
  /// `cosh x`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { cosh(x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise hyperbolic sine. Integer and `bool` tensors are converted to `float32` first.
public func sinh(_ x: Tensor) -> Tensor { unaryElementwise(x, Sinh(), "sinh") }
