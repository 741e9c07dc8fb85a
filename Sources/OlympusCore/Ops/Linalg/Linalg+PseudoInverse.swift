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
  /// `torch.linalg.lstsq(a, b, driver="gelsd").solution`) for `a[..., m, n]` and `b`
  /// `[..., m, k]` (a `[..., n, k]` solution; batch axes broadcast) or a vector `[m]` (a `[..., n]`
  /// solution): `pinv(a)·b`, with the same cutoff, computed by LAPACK's `gelsd` when it is loaded
  /// and from the built-in SVD otherwise, without forming the pseudo-inverse.
  ///
  /// Differentiable wherever the rank is locally constant, like `pinv`.
  public static func lstsq(_ a: Tensor, _ b: Tensor) -> Tensor {
    checked { () throws(OlympusError) in
      let operation = "Linalg.lstsq"
      guard a.rank >= 2, b.rank >= 1, b.shape[b.rank - (b.rank == 1 ? 1 : 2)] == a.shape[a.rank - 2] else {
        throw OlympusError(
          operation, "expects a [..., m, n] and b [..., m, k] or [m], got \(formatShape(a.shape)) and \(formatShape(b.shape))")
      }
      guard a.dtype.isFloatingPoint, b.dtype == a.dtype else {
        throw OlympusError(operation, "expects float32 or float64 a and b of one type, got \(a.type) and \(b.type)")
      }
      let rhs = b.rank == 1 ? b.expandingDimensions(at: -1) : b
      guard let batch = broadcastShape(Array(a.shape.dropLast(2)), Array(rhs.shape.dropLast(2))) else {
        throw OlympusError(operation, "\(a.type) and \(b.type): batch dimensions do not broadcast")
      }
      let (m, n, k) = (a.shape[a.rank - 2], a.shape[a.rank - 1], rhs.shape[rhs.rank - 1])
      let x = bind(LeastSquares(), a.broadcast(to: batch + [m, n]), rhs.broadcast(to: batch + [m, k]))
      return b.rank == 1 ? x.squeezed(axes: [x.rank - 1]) : x
    }
  }
}
