import OlympusKernels

/// Elementwise `a · log(b)`, and 0 wherever `a` is 0 whatever `b` is (JAX's `xlogy`; the
/// convention that makes `Σ p log p` vanish where `p` does).
public struct Xlogy: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .xlogy }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `xlogy`.
  public var description: String { "xlogy" }
  /// `log b` and `a / b`, as JAX defines them (also where `a` is 0).
  public func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?) { (log(b), a / b) }
  /// Whether a partial is infinite somewhere the function is finite: yes, at `b = 0`.
  public var hasSingularDerivative: Bool { true }
  /// The partials read both operands.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise `a · log(b)` with 0 wherever `a` is 0 (JAX's and SciPy's `xlogy`, with JAX's
/// convention that `b` is not looked at there), with broadcasting and type promotion; integer and
/// `bool` operands give `float32`.
public func xlogy(_ a: Tensor, _ b: Tensor) -> Tensor { floatingElementwise(a, b, Xlogy(), "xlogy") }
