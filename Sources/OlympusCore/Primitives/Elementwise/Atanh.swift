import OlympusKernels

/// The elementwise inverse hyperbolic tangent; ±inf at ±1 and NaN beyond.
public struct Atanh: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .atanh }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `atanh`.
  public var description: String { "atanh" }
  /// `1 / (1 − x²)`, written `1/((1 − x)(1 + x))` to keep its accuracy near ±1.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / ((1 - x) * (1 + x)) }
  /// Whether the derivative is infinite somewhere the function is finite: yes.
  public var hasSingularDerivative: Bool { true }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise inverse hyperbolic tangent; ±inf at ±1 and NaN beyond. Integer and `bool` tensors are
/// converted to `float32` first.
public func atanh(_ x: Tensor) -> Tensor { unaryElementwise(x, Atanh(), "atanh") }
