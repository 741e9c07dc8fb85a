import OlympusKernels

/// The elementwise error function `2/√π ∫₀ˣ e^(−t²) dt`.
public struct Erf: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .erf }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `erf`.
  public var description: String { "erf" }
  /// `2/√π · e^(−x²)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { 1.1283791670955126 * exp(-(x * x)) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise error function `2/√π ∫₀ˣ e^(−t²) dt`. Integer and `bool` tensors are converted to `float32`
/// first.
public func erf(_ x: Tensor) -> Tensor { unaryElementwise(x, Erf(), "erf") }
