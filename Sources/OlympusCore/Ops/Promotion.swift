extension Tensor {
  /// The tensor converted to `dtype` (itself when it already has that type).
  ///
  /// Floats become integers by truncation toward zero; anything becomes `bool` as `x != 0`.
  public func astype(_ dtype: DType) -> Tensor {
    dtype == self.dtype ? self : bind(Convert(to: dtype), self)
  }
}

/// The type a Swift number takes when combined with a tensor of `dtype`: the tensor's own type,
/// unless the number does not fit its kind (a fraction with an integer tensor gives `float32`).
/// Literals so never widen a tensor: `x * 2` stays `float32`. Beside a `bool` tensor a number is
/// `int64` in arithmetic (`mask * 1` counts, as in NumPy) and stays `bool` in comparisons and
/// choices when it is 0 or 1.
func weakType(of value: Double, with dtype: DType, inArithmetic: Bool) -> DType {
  let isIntegral = value.rounded() == value && value.isFinite
  switch dtype {
  case .float32, .float64: return dtype
  case .int32, .int64: return isIntegral ? dtype : .float32
  case .bool:
    if !inArithmetic && (value == 0 || value == 1) { return .bool }
    return isIntegral ? .int64 : .float32
  }
}

/// `value` as a 0-d tensor of the type it takes beside `tensor` (see `weakType`).
func scalarOperand(_ value: Double, beside tensor: Tensor, inArithmetic: Bool = false) -> Tensor {
  Tensor.scalar(value, dtype: weakType(of: value, with: tensor.dtype, inArithmetic: inArithmetic))
}
