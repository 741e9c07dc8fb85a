import OlympusKernels

/// The elementwise complementary error function `1 − erf(x)`, accurate where erf is near 1.
public struct Erfc: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .erfc }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `erfc`.
  public var description: String { "erfc" }
  /// `−2/√π · e^(−x²)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { -1.1283791670955126 * exp(-(x * x)) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise complementary error function `1 − erf(x)`, accurate where erf is near 1. Integer and `bool`
/// tensors are converted to `float32` first.
public func erfc(_ x: Tensor) -> Tensor { unaryElementwise(x, Erfc(), "erfc") }
