import OlympusKernels

/// The elementwise polygamma function `ψ⁽ⁿ⁾(x)`, the `n`-th derivative of digamma, for whole
/// `n >= 0` (NaN otherwise); `±inf` at the poles (SciPy's `polygamma`). Its derivative in `x` is
/// the next polygamma, so derivatives of every order stay one kernel call each.
public struct Polygamma: ElementwiseBinaryPrimitive {
  /// Creates the primitive.
  public init() {}
  /// The kernel operation.
  public var operation: BinaryOperation { .polygamma }
  /// Accepted element types.
  public var domain: ElementDomain { .floatingPoint }
  /// `polygamma`.
  public var description: String { "polygamma" }
  /// None in the order `n` (a whole number), `ψ⁽ⁿ⁺¹⁾(x)` in `x`.
  public func partials(_ n: Tensor, _ x: Tensor, output y: Tensor) -> (Tensor?, Tensor?) {
    (nil, polygamma(n + 1, x))
  }
  /// No singular points where the function is finite.
  public var hasSingularDerivative: Bool { false }
  /// The partial reads both operands.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}

/// Elementwise polygamma function `ψ⁽ⁿ⁾(x)` (SciPy's and JAX's `polygamma(n, x)`): digamma for
/// `n = 0`, trigamma for `n = 1`; NaN where `n` is not a whole number `>= 0`. Broadcasts and
/// promotes; integer and `bool` operands give `float32`.
public func polygamma(_ n: Tensor, _ x: Tensor) -> Tensor { floatingElementwise(n, x, Polygamma(), "polygamma") }

/// Elementwise `ψ⁽ⁿ⁾(x)` for one whole order `n >= 0`, in the type of `x` (`float32` for integer
/// and `bool` tensors).
public func polygamma(_ n: Int, _ x: Tensor) -> Tensor {
  let floating = x.dtype.isFloatingPoint ? x : x.astype(.float32)
  return polygamma(Tensor.scalar(Double(n), dtype: floating.dtype), floating)
}
