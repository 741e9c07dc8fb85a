import OlympusKernels

/// The Gaussian error linear unit `x·Φ(x)` (`Φ` the standard normal distribution function), or
/// with `approximate` its tanh form `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`, in one kernel pass.
public struct GELU: ElementwiseUnaryPrimitive {
  /// Whether this is the tanh form.
  public let approximate: Bool
  /// The exact form, or the tanh form when `approximate`.
  public init(approximate: Bool) { self.approximate = approximate }
  /// The kernel operation.
  public var operation: UnaryOperation { approximate ? .geluTanh : .gelu }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `gelu` or `gelu_tanh`.
  public var description: String { approximate ? "gelu_tanh" : "gelu" }
  /// `gelu′(x)`, the gradient kernel applied to ones.
  public func derivative(at x: Tensor, output y: Tensor) -> Tensor? {
    bind(GELUGradient(approximate: approximate), x, Tensor.ones(like: x))
  }
  /// `tangent · gelu′(x)` in one pass.
  public func derivativeProduct(_ tangent: Tensor, at x: Tensor, output y: Tensor) -> Tensor? {
    bind(GELUGradient(approximate: approximate), x, tangent)
  }
  /// No singular points.
  public var hasSingularDerivative: Bool { false }
  /// The derivative is written with the input alone.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// The Gaussian error linear unit `x·Φ(x)`, with `Φ` the standard normal distribution function,
/// elementwise, in one kernel pass forward and one backward.
///
/// - `approximate: false` (the default, PyTorch's `approximate='none'`): the exact form, computed
///   in double as `½x·erfc(−x/√2)`, which keeps its relative accuracy far into the negative tail.
/// - `approximate: true`: PyTorch's `approximate='tanh'` (JAX's default),
///   `½x·(1 + tanh(√(2/π)·(x + 0.044715x³)))`, computed as `x·σ(2√(2/π)·(x + 0.044715x³))`.
///
/// Integer and `bool` tensors are converted to `float32` first.
public func gelu(_ x: Tensor, approximate: Bool = false) -> Tensor {
  unaryElementwise(x, GELU(approximate: approximate), "gelu")
}
