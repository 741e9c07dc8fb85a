extension Linalg {
  /// Solves A·X = B (`jnp.linalg.solve`, `torch.linalg.solve`) by LU factorization with partial
  /// pivoting, batched over leading axes, in one kernel call (the `LinearSolve` primitive).
  ///
  /// `a` is `[..., n, n]`; `b` is a batch of vectors `[..., n]` when it has one axis fewer than
  /// `a` (or is 1-d), otherwise a batch of matrices `[..., n, k]`; the leading axes broadcast.
  /// A singular matrix (an exactly zero pivot) is rejected (see `withErrorChecking`) with the
  /// pivot when the values are concrete; under `jit` or `vmap` it gives infinities or NaNs.
  public static func solve(_ a: Tensor, _ b: Tensor) -> Tensor {
    checked { () throws(OlympusError) in
      let operation = "Linalg.solve"
      try expectSquareMatrices(operation, a)
      let x = try withRightHandSides(operation, a, b) { matrices, rhs in bind(LinearSolve(), matrices, rhs) }
      // A singular concrete matrix leaves values that are not finite; its factors name the pivot.
      if hasNonFiniteConcreteValues(x) { _ = try nonsingularFactors(operation, a) }
      return x
    }
  }

  /// Solves op(A)·X = B for triangular A (`jax.scipy.linalg.solve_triangular`,
  /// `torch.linalg.solve_triangular`), batched over leading axes, reading only A's lower
  /// (`lower`) or upper triangle; op(A) is Aᵀ when `transposeA` is set, and A's diagonal is taken
  /// as ones when `unitDiagonal` is set. `b` is vectors or matrices as in `solve(_:_:)`.
  public static func solveTriangular(
    _ a: Tensor, _ b: Tensor, lower: Bool, transposeA: Bool = false, unitDiagonal: Bool = false
  ) -> Tensor {
    checked { () throws(OlympusError) in
      let operation = "Linalg.solveTriangular"
      try expectSquareMatrices(operation, a)
      let primitive = TriangularSolve(lower: lower, transposeA: transposeA, unitDiagonal: unitDiagonal)
      return try withRightHandSides(operation, a, b) { matrices, rhs in bind(primitive, matrices, rhs) }
    }
  }

  /// The inverse of square matrices (`jnp.linalg.inv`, `torch.linalg.inv`), batched over leading
  /// axes: `solve(a, I)`. A singular matrix is rejected like in `solve(_:_:)`.
  public static func inv(_ a: Tensor) -> Tensor {
    checked { () throws(OlympusError) in
      let operation = "Linalg.inv"
      let factors = try nonsingularFactors(operation, a)
      let identity = Tensor.eye(a.shape[a.rank - 1], dtype: a.dtype)
      return try solveFactored(operation, a, factors, identity.broadcast(to: a.shape))
    }
  }

  /// X = U⁻¹·L⁻¹·P·B from the factors of `a`.
  private static func solveFactored(
    _ operation: String, _ a: Tensor, _ factors: (lu: Tensor, permutation: Tensor), _ b: Tensor
  ) throws(OlympusError) -> Tensor {
    try withRightHandSides(operation, a, b) { lu, rhs in
      let batch = Array(rhs.shape.dropLast(2))
      let n = lu.shape[lu.rank - 1]
      let permutation = factors.permutation.broadcast(to: batch + [n])
      let permuted = permutingRows(rhs, by: permutation)
      let lower = bind(TriangularSolve(lower: true, unitDiagonal: true), lu, permuted)
      return bind(TriangularSolve(lower: false), lu, lower)
    } matrices: { _ in factors.lu }
  }

  /// Brings `b` to matrices `[batch..., n, k]` beside `a` broadcast to `[batch..., n, n]`, calls
  /// `body` with both (the matrices from `matrices(a)`), and gives the result `b`'s form.
  private static func withRightHandSides(
    _ operation: String, _ a: Tensor, _ b: Tensor, _ body: (Tensor, Tensor) -> Tensor,
    matrices: (Tensor) -> Tensor = { $0 }
  ) throws(OlympusError) -> Tensor {
    let n = a.shape[a.rank - 1]
    let isVector = b.rank == 1 || b.rank == a.rank - 1
    guard b.rank >= 1, b.dtype == a.dtype, b.shape[b.rank - (isVector ? 1 : 2)] == n else {
      throw OlympusError(
        operation, "\(a.type) and \(b.type): b must be [..., \(n)] or [..., \(n), k] of the matrices' type")
    }
    let rhs = isVector ? b.expandingDimensions(at: -1) : b
    guard let batch = broadcastShape(Array(a.shape.dropLast(2)), Array(rhs.shape.dropLast(2))) else {
      throw OlympusError(operation, "\(a.type) and \(b.type): batch dimensions do not broadcast")
    }
    let k = rhs.shape[rhs.rank - 1]
    let x = body(matrices(a).broadcast(to: batch + [n, n]), rhs.broadcast(to: batch + [n, k]))
    return isVector ? x.squeezed(axes: [x.rank - 1]) : x
  }
}
