import OlympusKernels

/// The minimum-norm least-squares solution `x[..., n, k]` of `a·x ≈ b` for `a[..., m, n]` and
/// `b[..., m, k]` (the same batch shape), in float32 or float64: `pinv(a)·b`, singular values at
/// most `max(m, n)·ε·s_max` counting as zero, computed without forming the pseudo-inverse
/// (LAPACK's `?gelsd`, or the built-in SVD).
///
/// Its rules are those of `pinv(a)·b` at constant rank (Golub & Pereyra 1973), with `x` and the
/// residual `r = b − a·x` in place of products with `b`; they form the pseudo-inverse `P` through
/// the `PseudoInverse` primitive, so they differentiate again.
public struct LeastSquares: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `lstsq`.
  public var description: String { "lstsq" }

  /// `[..., n, k]` of the inputs' floating-point type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (batch, m, n, _) = try matrixDimensions(self, inputs[0])
    let (rhsBatch, rows, k, _) = try matrixDimensions(self, inputs[1])
    guard rhsBatch == batch, rows == m, inputs[1].dtype == inputs[0].dtype else {
      throw OlympusError(description, "expects b [..., \(m), k] beside a \(inputs[0]) of its type, got \(inputs[1])")
    }
    return [TensorType(shape: batch + [n, k], dtype: inputs[0].dtype)]
  }

  /// One kernel call for the batch.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (a, b) = (inputs[0].contiguous(), inputs[1].contiguous())
    let (m, n, k) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
    let batch = a.shape.dropLast(2).reduce(1, *)
    let type = TensorType(shape: a.shape.dropLast(2) + [n, k], dtype: a.dtype)
    return [
      Tensor.make(type) { output in
        withExtendedLifetime((a, b)) {
          Decomposition.leastSquares(
            a.dtype.scalarType, a.baseAddress, b.baseAddress, batch: batch, m: m, n: n, k: k, x: output)
        }
      }
    ]
  }

  /// `ẋ = P·(ḃ − ȧ·x) + P·Pᵀ·ȧᵀ·r + (I − P·A)·ȧᵀ·Pᵀ·x`, the derivative of `P·b`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard tangents[0] != nil || tangents[1] != nil else { return [nil] }
    let (a, b, x) = (primals[0], primals[1], outputs[0])
    let p = bind(PseudoInverse(), a)
    var result: Tensor?
    if let db = tangents[1] { result = matmul(p, db) }
    if let da = tangents[0] {
      let daT = matrixTransposed(da)
      let residual = b - matmul(a, x)
      let first = -matmul(p, matmul(da, x))
      let second = matmul(p, matmul(matrixTransposed(p), matmul(daT, residual)))
      let y = matmul(daT, matmul(matrixTransposed(p), x))
      let third = y - matmul(p, matmul(a, y))
      let fromA = first + second + third
      result = result.map { $0 + fromA } ?? fromA
    }
    return [result]
  }

  /// `b̄ = Pᵀ·x̄`, `ā = −b̄·xᵀ + r·(P·b̄)ᵀ + (Pᵀ·x)·(x̄ − P·A·x̄)ᵀ`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil] }
    let (a, b, x) = (primals[0], primals[1], outputs[0])
    let p = bind(PseudoInverse(), a)
    let pT = matrixTransposed(p)
    let db = matmul(pT, cotangent)
    let residual = b - matmul(a, x)
    let projected = cotangent - matmul(p, matmul(a, cotangent))
    let da =
      -matmul(db, matrixTransposed(x)) + matmul(residual, matrixTransposed(matmul(p, db)))
      + matmul(matmul(pT, x), matrixTransposed(projected))
    return [da, db]
  }

  /// One solve of the whole batch, both inputs' batch axes first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(self, batchAllFirst(inputs, axes)), [0])
  }
}
