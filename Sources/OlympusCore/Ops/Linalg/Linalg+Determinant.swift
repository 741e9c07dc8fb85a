extension Linalg {
  /// The determinant of square matrices (`jnp.linalg.det`, `torch.linalg.det`), batched over
  /// leading axes: the product of U's diagonal in P·A = L·U, signed by the permutation. A
  /// singular matrix gives 0.
  public static func det(_ a: Tensor) -> Tensor {
    checked { () throws(OlympusError) in
      try expectSquareMatrices("Linalg.det", a)
      let (lu, permutation) = luFactor(a)
      return matrixDiagonal(lu).prod(axes: [a.rank - 2]) * permutationSign(permutation, dtype: a.dtype)
    }
  }

  /// The sign and the natural logarithm of the absolute value of the determinant
  /// (`jnp.linalg.slogdet`, `torch.linalg.slogdet`), batched over leading axes; `det = sign ·
  /// exp(logAbsDet)` without overflow. A singular matrix gives sign 0 and logAbsDet −∞. The
  /// gradient of `logAbsDet` is `A⁻ᵀ`, from two triangular solves.
  public static func slogdet(_ a: Tensor) -> (sign: Tensor, logAbsDet: Tensor) {
    do {
      try expectSquareMatrices("Linalg.slogdet", a)
    } catch {
      let failed = reject(error)
      return (failed, failed)
    }
    let outputs = bind(SignLogDeterminant(), [a])
    return (outputs[0], outputs[1])
  }

  /// The sign of permutations `[..., n]`: (−1) to the number of inversions (pairs i < j with
  /// p[i] > p[j]), counted by comparisons.
  static func permutationSign(_ permutation: Tensor, dtype: DType) -> Tensor {
    let n = permutation.shape[permutation.rank - 1]
    let later = Tensor.arange(n).reshaped(to: [n, 1]) .< Tensor.arange(n).reshaped(to: [1, n])
    let inverted = permutation.expandingDimensions(at: -1) .> permutation.expandingDimensions(at: -2)
    let inversions = (inverted.astype(.int64) * later.astype(.int64)).sum(axes: [permutation.rank - 1, permutation.rank])
    return 1 - (inversions % 2).astype(dtype) * 2
  }
}

