/// Applies a unary elementwise primitive; integer and `bool` inputs of floating-point functions
/// are converted to `float32` first (NumPy converts them to a float as well).
func unaryElementwise(_ x: Tensor, _ primitive: some ElementwiseUnaryPrimitive, _ operation: String) -> Tensor {
  if primitive.domain.contains(x.dtype) { return bind(primitive, x) }
  if primitive.domain == .floatingPoint { return bind(primitive, x.astype(.float32)) }
  return reject(OlympusError(operation, "expects a \(primitive.domain.name) tensor, got \(x.type)"))
}

/// Elementwise `eˣ`.
public func exp(_ x: Tensor) -> Tensor { unaryElementwise(x, Exp(), "exp") }
/// Elementwise natural logarithm.
public func log(_ x: Tensor) -> Tensor { unaryElementwise(x, Log(), "log") }
/// Elementwise `log(1 + x)`, accurate near 0.
public func log1p(_ x: Tensor) -> Tensor { unaryElementwise(x, Log1p(), "log1p") }
/// Elementwise `eˣ - 1`, accurate near 0.
public func expm1(_ x: Tensor) -> Tensor { unaryElementwise(x, Expm1(), "expm1") }
/// Elementwise square root.
public func sqrt(_ x: Tensor) -> Tensor { unaryElementwise(x, Sqrt(), "sqrt") }
/// Elementwise `1 / √x`.
public func rsqrt(_ x: Tensor) -> Tensor { unaryElementwise(x, Rsqrt(), "rsqrt") }
/// Elementwise sine (radians).
public func sin(_ x: Tensor) -> Tensor { unaryElementwise(x, Sin(), "sin") }
/// Elementwise cosine (radians).
public func cos(_ x: Tensor) -> Tensor { unaryElementwise(x, Cos(), "cos") }
/// Elementwise tangent (radians).
public func tan(_ x: Tensor) -> Tensor { unaryElementwise(x, Tan(), "tan") }
/// Elementwise hyperbolic tangent.
public func tanh(_ x: Tensor) -> Tensor { unaryElementwise(x, Tanh(), "tanh") }
/// Elementwise logistic function `1 / (1 + e⁻ˣ)`.
public func sigmoid(_ x: Tensor) -> Tensor { unaryElementwise(x, Sigmoid(), "sigmoid") }
/// Elementwise absolute value.
public func abs(_ x: Tensor) -> Tensor { unaryElementwise(x, Absolute(), "abs") }
/// Elementwise sign: -1, 0 or 1.
public func sign(_ x: Tensor) -> Tensor { unaryElementwise(x, Sign(), "sign") }

/// Elementwise floor; integer tensors are returned as they are.
public func floor(_ x: Tensor) -> Tensor { x.dtype.isFloatingPoint ? bind(Floor(), x) : x }
/// Elementwise ceiling; integer tensors are returned as they are.
public func ceil(_ x: Tensor) -> Tensor { x.dtype.isFloatingPoint ? bind(Ceil(), x) : x }
/// Elementwise rounding to the nearest integer, halves to even; integer tensors are returned as
/// they are.
public func round(_ x: Tensor) -> Tensor { x.dtype.isFloatingPoint ? bind(Round(), x) : x }

/// Elementwise larger value (NaN if either is NaN), with broadcasting and type promotion.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { elementwise(a, b, Maximum(), "maximum") }
/// Elementwise larger of a tensor and a number.
public func maximum(_ a: Tensor, _ b: Double) -> Tensor { maximum(a, scalarOperand(b, beside: a, inArithmetic: true)) }
/// Elementwise smaller value (NaN if either is NaN), with broadcasting and type promotion.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { elementwise(a, b, Minimum(), "minimum") }
/// Elementwise smaller of a tensor and a number.
public func minimum(_ a: Tensor, _ b: Double) -> Tensor { minimum(a, scalarOperand(b, beside: a, inArithmetic: true)) }

/// Limits every element to `lower ... upper` (NumPy's `clip`); a `nil` bound is not applied.
public func clip(_ x: Tensor, min lower: Double? = nil, max upper: Double? = nil) -> Tensor {
  var result = x
  if let lower { result = maximum(result, lower) }
  if let upper { result = minimum(result, upper) }
  return result
}

/// Limits every element between tensors of bounds, with broadcasting.
public func clip(_ x: Tensor, min lower: Tensor, max upper: Tensor) -> Tensor {
  minimum(maximum(x, lower), upper)
}

/// Elementwise test for NaN.
public func isNaN(_ x: Tensor) -> Tensor { x .!= x }

/// Elementwise test for a finite value (neither infinite nor NaN).
public func isFinite(_ x: Tensor) -> Tensor {
  x.dtype.isFloatingPoint ? abs(x) .< Double.infinity : Tensor.full(x.shape, value: 1, dtype: .bool)
}

/// Applies a binary floating-point primitive with broadcasting and type promotion; two integer or
/// `bool` operands are converted to `float32` first (as `unaryElementwise` does for one).
func floatingElementwise(
  _ a: Tensor, _ b: Tensor, _ primitive: some ElementwiseBinaryPrimitive, _ operation: String
) -> Tensor {
  if a.dtype.isFloatingPoint || b.dtype.isFloatingPoint { return elementwise(a, b, primitive, operation) }
  return elementwise(a.astype(.float32), b.astype(.float32), primitive, operation)
}

/// Elementwise `1 / x` (NumPy's `reciprocal` on floats); integer and `bool` tensors give
/// `float32`, as in JAX.
public func reciprocal(_ x: Tensor) -> Tensor { 1 / (x.dtype.isFloatingPoint ? x : x.astype(.float32)) }

/// Elementwise `log(eᵃ + eᵇ)` without overflow or underflow (NumPy's `logaddexp`), with
/// broadcasting and type promotion; integer and `bool` operands give `float32`.
///
/// Computed as `max(a, b) + log1p(e^(−|a − b|))`, whose exponent is never positive; its derivative,
/// `e^(a − result)` in `a`, follows from the same expression without overflow (½ each at `a = b`).
/// Equal infinities (`a − b` is NaN) give `a + b`: −inf for two −inf, +inf for two +inf, with
/// derivative 1 in each (JAX's at +inf); the branch not taken sees a difference of 0, so its
/// derivative is finite and contributes nothing.
public func logAddExp(_ a: Tensor, _ b: Tensor) -> Tensor {
  guard a.dtype.isFloatingPoint || b.dtype.isFloatingPoint else {
    return logAddExp(a.astype(.float32), b.astype(.float32))
  }
  let delta = a - b
  let undefined = isNaN(delta)
  return select(undefined, a + b, maximum(a, b) + log1p(exp(-abs(select(undefined, 0, delta)))))
}
