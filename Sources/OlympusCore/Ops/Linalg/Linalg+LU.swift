extension Linalg {
  /// LU factorization with partial pivoting (`jax.scipy.linalg.lu_factor`,
  /// `torch.linalg.lu_factor`), batched over leading axes: P·A = L·U with `lu` holding L's
  /// multipliers below the diagonal (L has ones on it) and U on and above it, and row i of P·A
  /// being row `permutation[i]` of A (`int32`, zero-based; not LAPACK's sequence of swaps).
  ///
  /// A singular matrix is factored all the same, with a zero on U's diagonal.
  public static func luFactor(_ a: Tensor) -> (lu: Tensor, permutation: Tensor) {
    do {
      try expectSquareMatrices("Linalg.luFactor", a)
    } catch {
      let failed = reject(error)
      return (failed, failed)
    }
    let outputs = bind(LUFactorization(), [a])
    return (outputs[0], outputs[1])
  }

  /// The factors of `a` for a solve, rejected with the failing pivot when a concrete matrix is
  /// singular (a zero on U's diagonal).
  static func nonsingularFactors(_ operation: String, _ a: Tensor) throws(OlympusError) -> (lu: Tensor, permutation: Tensor) {
    try expectSquareMatrices(operation, a)
    let outputs = bind(LUFactorization(), [a])
    if let diagonals = concreteDiagonals(outputs[0]),
      let failure = firstFailure(diagonals, batchShape: Array(a.shape.dropLast(2)), where: { $0 == 0 })
    {
      throw OlympusError(
        operation, "\(failure.matrix) of \(a.type) is singular: U[\(failure.pivot), \(failure.pivot)] is exactly zero "
          + "after partial pivoting (pivot \(failure.pivot))")
    }
    return (outputs[0], outputs[1])
  }
}
