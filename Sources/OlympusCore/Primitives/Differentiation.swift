/// `cotangent * derivative`, but 0 wherever the cotangent is 0 even when the derivative is
/// infinite or NaN there.
///
/// Reverse-mode rules of functions with singular derivatives (√x at 0, log x at 0, division by 0)
/// use it so that a zero cotangent — for example from the branch `select` did not take — never
/// turns into NaN (the gradient of `select(x .> 0, sqrt(x), 0)` at 0 is 0, not NaN).
func multiplyPreservingZeros(_ cotangent: Tensor, _ derivative: Tensor) -> Tensor {
  select(cotangent .== 0, Tensor.zeros(like: cotangent), cotangent * derivative)
}

/// The sum of two optional tangents; `nil` is zero.
func addTangents(_ a: Tensor?, _ b: Tensor?) -> Tensor? {
  guard let a else { return b }
  guard let b else { return a }
  return a + b
}

/// A tangent that is zero when `nil`, materialized with `like`'s shape and type.
func tangentOrZero(_ tangent: Tensor?, like primal: Tensor) -> Tensor {
  tangent ?? Tensor.zeros(like: primal)
}
