import OlympusKernels

/// The elementwise inverse error function; ±inf at ±1 and NaN beyond.
public struct Erfinv: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .erfinv }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `erf_inv`.
  public var description: String { "erf_inv" }
  /// `√π/2 · e^(y²)` at the output `y`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 0.88622692545275801 * exp(y * y) }
  /// Whether the derivative can be infinite: yes, at ±1 (where the function is infinite too); reverse mode
  /// keeps zero cotangents zero there.
  public var hasSingularDerivative: Bool { true }
  /// The derivative is written with the output alone.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule reads the outputs.
  public var vjpReadsOutputs: Bool { true }
}

/// Elementwise inverse error function; ±inf at ±1 and NaN beyond. Integer and `bool` tensors are converted to
/// `float32` first.
public func erfinv(_ x: Tensor) -> Tensor { unaryElementwise(x, Erfinv(), "erfinv") }
