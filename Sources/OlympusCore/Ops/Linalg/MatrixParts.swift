/// Pieces of the decompositions' rules (eigh, svd, qr), composed of public operations so the
/// rules stay differentiable.

/// `(x + xᵀ)/2` of each square matrix.
func symmetricPart(_ x: Tensor) -> Tensor {
  (x + matrixTransposed(x)) * 0.5
}

/// `coupling ∘ F` with `F[i, j] = 1 / (values[j] − values[i])` off the diagonal and 0 on it: the
/// factor of eigenvector and singular-vector derivatives, for `values` `[..., k]` and `coupling`
/// `[..., k, k]`.
///
/// Where two values are exactly equal the derivative of the vectors does not exist: entries with a
/// zero coupling give 0 there (so zero cotangents and tangents stay exact), others ±∞ or NaN, as
/// documented on the operations.
func divideByGaps(_ coupling: Tensor, _ values: Tensor) -> Tensor {
  let k = values.shape[values.rank - 1]
  let identity = Tensor.eye(k, dtype: values.dtype)
  // The identity added on the diagonal keeps 1/0 off it; the diagonal is masked out below.
  let gaps = values.expandingDimensions(at: -2) - values.expandingDimensions(at: -1) + identity
  return multiplyPreservingZeros(coupling * (1 - identity), 1 / gaps)
}
