extension Tensor {
  /// The tensor converted to `dtype` (itself when it already has that type).
  ///
  /// Floats become integers by truncation toward zero; anything becomes `bool` as `x != 0`.
  public func astype(_ dtype: DType) -> Tensor {
    dtype == self.dtype ? self : apply(Convert(to: dtype), self)
  }
}

/// The type a Swift number takes when combined with a tensor of `dtype`: the tensor's own type,
/// unless the number does not fit its kind (a fraction with an integer tensor gives `float32`, a
/// number other than 0 or 1 with a `bool` tensor gives `int64`). Literals so never widen a tensor:
/// `x * 2` stays `float32`.
func weakType(of value: Double, with dtype: DType) -> DType {
  switch dtype {
  case .float32, .float64: dtype
  case .int32, .int64: value.rounded() == value && value.isFinite ? dtype : .float32
  case .bool: value == 0 || value == 1 ? .bool : (value.rounded() == value ? .int64 : .float32)
  }
}

/// `value` as a 0-d tensor of the type it takes beside `tensor`.
func scalarOperand(_ value: Double, beside tensor: Tensor) -> Tensor {
  Tensor.scalar(value, dtype: weakType(of: value, with: tensor.dtype))
}
