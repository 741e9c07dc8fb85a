/// Applies a binary elementwise primitive after promotion and broadcasting.
func elementwise(
  _ a: Tensor, _ b: Tensor, _ primitive: some ElementwiseBinaryPrimitive, _ operation: String
) -> Tensor {
  if primitive.accepts(a, b) { return bind(primitive, a, b) }
  return checked { () throws(OlympusError) in
    let (x, y) = try promotedAndBroadcast(a, b, operation)
    guard primitive.domain.contains(x.dtype) else {
      throw OlympusError(operation, "expects \(primitive.domain.name) operands, got \(a.type) and \(b.type)")
    }
    return bind(primitive, x, y)
  }
}

extension Tensor {
  /// Elementwise sum, with broadcasting and type promotion.
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, Add(), "+") }
  /// Adds a number, which takes the tensor's type.
  public static func + (lhs: Tensor, rhs: Double) -> Tensor { lhs + scalarOperand(rhs, beside: lhs, inArithmetic: true) }
  /// Adds a tensor to a number, which takes the tensor's type (recorded as `rhs + lhs`, as PyTorch
  /// does).
  public static func + (lhs: Double, rhs: Tensor) -> Tensor { rhs + scalarOperand(lhs, beside: rhs, inArithmetic: true) }

  /// Elementwise difference, with broadcasting and type promotion.
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, Subtract(), "-") }
  /// Subtracts a number, which takes the tensor's type.
  public static func - (lhs: Tensor, rhs: Double) -> Tensor { lhs - scalarOperand(rhs, beside: lhs, inArithmetic: true) }
  /// Subtracts a tensor from a number, which takes the tensor's type.
  public static func - (lhs: Double, rhs: Tensor) -> Tensor { scalarOperand(lhs, beside: rhs, inArithmetic: true) - rhs }

  /// Elementwise product, with broadcasting and type promotion.
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    productWithOne(lhs, rhs) ?? productWithOne(rhs, lhs) ?? elementwise(lhs, rhs, Multiply(), "*")
  }
  /// Multiplies by a number, which takes the tensor's type.
  public static func * (lhs: Tensor, rhs: Double) -> Tensor { lhs * scalarOperand(rhs, beside: lhs, inArithmetic: true) }
  /// Multiplies a number by a tensor; the number takes the tensor's type (recorded as `rhs * lhs`,
  /// as PyTorch does).
  public static func * (lhs: Double, rhs: Tensor) -> Tensor { rhs * scalarOperand(lhs, beside: rhs, inArithmetic: true) }

  /// Elementwise true division; integer and `bool` operands give `float32` (as in JAX).
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    let dtype = DType.promoted(lhs.dtype, rhs.dtype)
    let floating = dtype.isFloatingPoint ? dtype : .float32
    return elementwise(lhs.astype(floating), rhs.astype(floating), Divide(), "/")
  }
  /// Divides by a number.
  public static func / (lhs: Tensor, rhs: Double) -> Tensor { lhs / scalarOperand(rhs, beside: lhs, inArithmetic: true) }
  /// Divides a number by a tensor.
  public static func / (lhs: Double, rhs: Tensor) -> Tensor { scalarOperand(lhs, beside: rhs, inArithmetic: true) / rhs }

  /// Elementwise remainder with the sign of the divisor (Python's and NumPy's `%`).
  public static func % (lhs: Tensor, rhs: Tensor) -> Tensor { elementwise(lhs, rhs, Remainder(), "%") }
  /// Remainder of division by a number.
  public static func % (lhs: Tensor, rhs: Double) -> Tensor { lhs % scalarOperand(rhs, beside: lhs, inArithmetic: true) }
  /// Remainder of a number divided by a tensor.
  public static func % (lhs: Double, rhs: Tensor) -> Tensor { scalarOperand(lhs, beside: rhs, inArithmetic: true) % rhs }

  /// Elementwise negation.
  public static prefix func - (operand: Tensor) -> Tensor { unaryElementwise(operand, Negate(), "-") }

  /// Adds `rhs` to `lhs`.
  public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
  /// Adds a number to `lhs`.
  public static func += (lhs: inout Tensor, rhs: Double) { lhs = lhs + rhs }
  /// Subtracts `rhs` from `lhs`.
  public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
  /// Subtracts a number from `lhs`.
  public static func -= (lhs: inout Tensor, rhs: Double) { lhs = lhs - rhs }
  /// Multiplies `lhs` by `rhs`.
  public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
  /// Multiplies `lhs` by a number.
  public static func *= (lhs: inout Tensor, rhs: Double) { lhs = lhs * rhs }
  /// Divides `lhs` by `rhs`.
  public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }
  /// Divides `lhs` by a number.
  public static func /= (lhs: inout Tensor, rhs: Double) { lhs = lhs / rhs }
}

/// Elementwise power `baseᵉˣᵖᵒⁿᵉⁿᵗ`, with broadcasting and type promotion.
public func pow(_ base: Tensor, _ exponent: Tensor) -> Tensor { elementwise(base, exponent, Power(), "pow") }
/// Elementwise power with a number as exponent.
///
/// A square is computed as `base * base` (NumPy's `square` fast path, JAX's `integer_pow`): the
/// same correctly rounded values as the general power, one multiplication instead of `pow`, and a
/// derivative that needs no logarithm or further power. On the eager tape its node is still named
/// `PowBackward`, after the operation called (its `nextFunctions` list both factors).
public func pow(_ base: Tensor, _ exponent: Double) -> Tensor {
  if exponent == 2, base.dtype != .bool {
    let square = base * base
    // A node here is the multiplication's own: `x * x` of a tensor on the tape always records one.
    square.gradFn?.userOperation = "Pow"
    return square
  }
  return pow(base, scalarOperand(exponent, beside: base, inArithmetic: true))
}
/// A number raised to elementwise powers.
public func pow(_ base: Double, _ exponent: Tensor) -> Tensor { pow(scalarOperand(base, beside: exponent, inArithmetic: true), exponent) }

/// Elementwise division rounded toward negative infinity (NumPy's `floor_divide`, Python's `//`).
///
/// For floats the quotient is `(a - a % b) / b` rounded to the nearest integer, as NumPy computes
/// it, rather than `floor(a / b)`: `1.0 // 0.1` is 9 (the rounded quotient `1 / 0.1` is exactly 10).
public func floorDivide(_ lhs: Tensor, _ rhs: Tensor) -> Tensor {
  let dtype = DType.promoted(lhs.dtype, rhs.dtype)
  guard dtype.isFloatingPoint else { return elementwise(lhs, rhs, Divide(), "floorDivide") }
  return round((lhs - lhs % rhs) / rhs)
}

/// `x` when `x * ones` needs no work: `ones` is a constant (concrete and off the tape) holding a
/// single repeated value 1 (a scalar or a broadcast of one, as the cotangent seeds of `grad` are)
/// and the product has `x`'s type. Multiplying by one is exact, so eager code, every
/// transformation and staged graphs skip the pass. Tensors on the tape keep their own node.
private func productWithOne(_ x: Tensor, _ ones: Tensor) -> Tensor? {
  guard ones.repeatsOneElement, ones.isUntracked, x.isUntracked, ones.dtype == x.dtype, ones.dtype != .bool,
    ones.broadcasts(to: x.shape)
  else { return nil }
  return ones.firstElement == 1 ? x : nil
}
