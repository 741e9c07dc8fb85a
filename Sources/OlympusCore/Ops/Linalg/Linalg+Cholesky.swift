extension Linalg {
  /// The lower Cholesky factor L of symmetric positive-definite matrices, A = L·Lᵀ
  /// (`jnp.linalg.cholesky`, `torch.linalg.cholesky`), batched over leading axes.
  ///
  /// Only the lower triangle of `a` is read. A matrix that is not positive definite is rejected
  /// (see `withErrorChecking`) with the failing pivot when the values are concrete; under `jit` or
  /// `vmap` its factor holds NaN from the failing column on.
  ///
  /// Derivatives treat `a` as the symmetric matrix its lower triangle determines (Murray 2016).
  public static func cholesky(_ a: Tensor) -> Tensor {
    checked { () throws(OlympusError) in
      let operation = "Linalg.cholesky"
      try expectSquareMatrices(operation, a)
      let factor = bind(Cholesky(), a)
      if let diagonals = concreteDiagonals(factor),
        let failure = firstFailure(diagonals, batchShape: Array(a.shape.dropLast(2)), where: { $0.isNaN })
      {
        throw OlympusError(
          operation,
          "\(failure.matrix) of \(a.type) is not positive definite: the pivot of column \(failure.pivot) is not "
            + "positive (the leading minor of order \(failure.pivot + 1) fails)")
      }
      return factor
    }
  }
}
