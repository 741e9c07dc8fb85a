import OlympusKernels

/// The elementwise inverse tangent, in (−π/2, π/2).
public struct Atan: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .atan }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `atan`.
  public var description: String { "atan" }
  /// `1 / (1 + x²)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1 / (1 + x * x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise inverse tangent, in (−π/2, π/2). Integer and `bool` tensors are converted to `float32` first.
public func atan(_ x: Tensor) -> Tensor { unaryElementwise(x, Atan(), "atan") }
