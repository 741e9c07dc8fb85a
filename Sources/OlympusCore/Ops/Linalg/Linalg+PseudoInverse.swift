extension Linalg {
  /// The Moore–Penrose pseudo-inverse of `a[..., m, n]`: `[..., n, m]` (`jnp.linalg.pinv`,
  /// `torch.linalg.pinv`), from the singular value decomposition; singular values at most
  /// `max(m, n)·ε·s_max` count as zero. Float32 or float64.
  ///
  /// Differentiable wherever the rank is locally constant (Golub & Pereyra's formula), exactly so
  /// at repeated singular values.
  public static func pinv(_ a: Tensor) -> Tensor {
    bind(PseudoInverse(), a)
  }

  /// The minimum-norm least-squares solution `x` of `a·x ≈ b` (`jnp.linalg.lstsq(a, b)[0]`,
  /// `torch.linalg.lstsq(a, b, driver="gelsd").solution`): `pinv(a)·b` for `a[..., m, n]` and `b`
  /// `[..., m, k]` (a `[..., n, k]` solution; batch axes broadcast) or a vector `[m]` (a `[..., n]`
  /// solution).
  public static func lstsq(_ a: Tensor, _ b: Tensor) -> Tensor {
    checked { () throws(OlympusError) in
      guard a.rank >= 2, b.rank >= 1, b.shape[b.rank - (b.rank == 1 ? 1 : 2)] == a.shape[a.rank - 2] else {
        throw OlympusError(
          "Linalg.lstsq", "expects a [..., m, n] and b [..., m, k] or [m], got \(formatShape(a.shape)) and \(formatShape(b.shape))")
      }
      return matmul(pinv(a), b)
    }
  }
}
