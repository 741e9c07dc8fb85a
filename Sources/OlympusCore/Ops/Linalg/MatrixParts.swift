/// Pieces of batched matrices `[..., m, n]` that the decompositions' rules are written with, all
/// composed of public operations (so the rules stay differentiable).

/// The diagonal of each square matrix: `[..., n, n] → [..., n]`.
func matrixDiagonal(_ x: Tensor) -> Tensor {
  (x * Tensor.eye(x.shape[x.rank - 1], dtype: x.dtype)).sum(axes: [-1])
}

/// The diagonal matrices of `v`: `[..., n] → [..., n, n]`.
func diagonalMatrix(_ v: Tensor) -> Tensor {
  v.expandingDimensions(at: -2) * Tensor.eye(v.shape[v.rank - 1], dtype: v.dtype)
}

/// `(x + xᵀ)/2` of each square matrix.
func symmetricPart(_ x: Tensor) -> Tensor {
  (x + matrixTransposed(x)) * 0.5
}

/// Each matrix's entries strictly below the diagonal, zeros elsewhere.
func strictlyLowerPart(_ x: Tensor) -> Tensor {
  let (rows, columns) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
  let below = Tensor.arange(rows).reshaped(to: [rows, 1]) .> Tensor.arange(columns).reshaped(to: [1, columns])
  return x * below.astype(x.dtype)
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

/// `a` itself when floating point, otherwise converted to float32 (the linear-algebra operations'
/// promotion).
func floatingMatrix(_ a: Tensor) -> Tensor {
  a.dtype.isFloatingPoint ? a : a.astype(.float32)
}
