/// Helpers of the linear-algebra primitives: contracts on batches of matrices and the triangular
/// parts their rules use, all written with public operations.

/// Checks that `type` is a batch of square float32 or float64 matrices `[..., n, n]`.
func expectSquareMatrices(_ primitive: some Primitive, _ type: TensorType, _ role: String = "input") throws(OlympusError) {
  guard type.rank >= 2, type.dtype.isFloatingPoint, type.shape[type.rank - 1] == type.shape[type.rank - 2] else {
    throw OlympusError(primitive.description, "expects a \(role) of square float matrices [..., n, n], got \(type)")
  }
}

/// The batch shape and matrix sizes of `type`, a batch of float32 or float64 matrices
/// `[..., m, n]`, with `k = min(m, n)`; rejected naming `primitive` otherwise.
func matrixDimensions(
  _ primitive: some Primitive, _ type: TensorType
) throws(OlympusError) -> (batch: [Int], m: Int, n: Int, k: Int) {
  guard type.rank >= 2, type.dtype.isFloatingPoint else {
    throw OlympusError(primitive.description, "expects float32 or float64 matrices [..., m, n], got \(type)")
  }
  let (m, n) = (type.shape[type.rank - 2], type.shape[type.rank - 1])
  return (Array(type.shape.dropLast(2)), m, n, Swift.min(m, n))
}

/// Selects the lower (`lower`) or upper triangle of the last two axes of `x`, with the diagonal
/// unless `strict`; the rest is zero (never `x`'s value times zero, so infinities do not leak).
func triangle(_ x: Tensor, lower: Bool, strict: Bool = false) -> Tensor {
  let (rows, columns) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
  let rowNumbers = Tensor.arange(rows).reshaped(to: [rows, 1])
  let columnNumbers = Tensor.arange(columns).reshaped(to: [1, columns])
  let mask: Tensor
  switch (lower, strict) {
  case (true, false): mask = rowNumbers .>= columnNumbers
  case (true, true): mask = rowNumbers .> columnNumbers
  case (false, false): mask = rowNumbers .<= columnNumbers
  case (false, true): mask = rowNumbers .< columnNumbers
  }
  return select(mask.broadcast(to: x.shape), x, 0)
}

/// The diagonal of the last two (square) axes of `x`, `[..., n]`.
func matrixDiagonal(_ x: Tensor) -> Tensor {
  let n = x.shape[x.rank - 1]
  return (x * Tensor.eye(n, dtype: x.dtype)).sum(axes: [x.rank - 1])
}

/// `x` (of shape `[..., n, n]`) with `diagonal` (`[..., n]`) on its diagonal and zeros elsewhere.
func diagonalMatrix(_ diagonal: Tensor) -> Tensor {
  let n = diagonal.shape[diagonal.rank - 1]
  return diagonal.expandingDimensions(at: -1) * Tensor.eye(n, dtype: diagonal.dtype)
}

/// Row i of each matrix of the result is row `permutation[i]` of the same matrix of `x`
/// (`x` `[..., n, k]`, `permutation` `[..., n]` with the same leading axes): P·x with one gather,
/// never forming P.
func permutingRows(_ x: Tensor, by permutation: Tensor) -> Tensor {
  let (n, k) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
  let count = x.shape.dropLast(2).reduce(1, *)
  let offsets = (Tensor.arange(count) * Double(n)).reshaped(to: [count, 1])
  let rows = permutation.reshaped(to: [count, n]).astype(.int64) + offsets
  return x.reshaped(to: [count * n, k]).take(rows.flattened(), axis: 0).reshaped(to: x.shape)
}
