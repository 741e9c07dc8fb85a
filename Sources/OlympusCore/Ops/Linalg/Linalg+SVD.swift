extension Linalg {
  /// The reduced singular value decomposition of `a[..., m, n]` (`jnp.linalg.svd(a,
  /// full_matrices=False)`, `torch.linalg.svd(a, full_matrices=False)`): `u[..., m, k]`,
  /// `s[..., k]` descending and non-negative, `vt[..., k, n]`, `k = min(m, n)`, with
  /// `a = u·diag(s)·vt`. Float32 or float64.
  ///
  /// Derivatives follow the closed forms, not the iterations:
  /// - A function of the singular values alone (`svd(a).s.sum()`) has the exact gradient
  ///   `U·diag(s̄)·Vᵀ`, finite at repeated and zero singular values: no gap `sⱼ² − sᵢ²` is
  ///   divided by when the singular vectors' cotangents are absent or zero.
  /// - Singular vectors are differentiable only where the singular values are distinct (and,
  ///   for non-square matrices, non-zero). At exactly repeated singular values, derivatives that
  ///   involve the vectors are ±∞ or NaN (never a finite wrong value) unless their coupling within
  ///   the repeated subspace is exactly zero.
  public static func svd(_ a: Tensor) -> (u: Tensor, s: Tensor, vt: Tensor) {
    let outputs = bind(SVD(), [a])
    return (outputs[0], outputs[1], outputs[2])
  }
}
