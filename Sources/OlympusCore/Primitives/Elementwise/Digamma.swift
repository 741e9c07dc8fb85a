import OlympusKernels

/// The elementwise digamma function `ψ(x) = d/dx log Γ(x)`; −inf at +0, +inf at −0 and NaN at the negative
/// integers (SciPy's `psi`).
public struct Digamma: ElementwiseUnaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: UnaryOperation { .digamma }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `digamma`.
  public var description: String { "digamma" }
  /// `ψ′(x)`, the trigamma function `polygamma(1, x)`.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? { polygamma(1, x) }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise digamma function `ψ(x) = d/dx log Γ(x)`; −inf at +0, +inf at −0 and NaN at the negative
/// integers (SciPy's `psi`). Integer and `bool` tensors are converted to `float32` first.
public func digamma(_ x: Tensor) -> Tensor { unaryElementwise(x, Digamma(), "digamma") }
