extension Linalg {
  /// The reduced QR decomposition of `a[..., m, n]` (`jnp.linalg.qr(a)`, `torch.linalg.qr(a)`):
  /// `q[..., m, k]` with orthonormal columns and upper triangular `r[..., k, n]`, `k = min(m, n)`,
  /// with `a = q·r`. Float32 or float64. By Householder reflections, so `r`'s diagonal may have
  /// either sign (as in NumPy and LAPACK).
  ///
  /// Differentiable where the first `min(m, n)` columns of `a` are linearly independent.
  public static func qr(_ a: Tensor) -> (q: Tensor, r: Tensor) {
    let outputs = bind(QR(), [a])
    return (outputs[0], outputs[1])
  }
}
