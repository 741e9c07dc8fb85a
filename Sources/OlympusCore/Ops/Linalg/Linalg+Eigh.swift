extension Linalg {
  /// The eigendecomposition of symmetric matrices `a[..., n, n]` (`jnp.linalg.eigh`,
  /// `torch.linalg.eigh`): eigenvalues `[..., n]` ascending and orthonormal eigenvectors as the
  /// columns of `[..., n, n]`, with `a·V = V·diag(λ)`. Only the symmetric part `(a + aᵀ)/2` is
  /// used, so derivatives are symmetric. Float32 or float64.
  ///
  /// Derivatives follow the closed forms, not the iterations:
  /// - A function of the eigenvalues alone (`eigh(a).eigenvalues.sum()`) has the exact gradient
  ///   `V·diag(λ̄)·Vᵀ`, finite at repeated eigenvalues and at the identity: no gap `λⱼ − λᵢ` is
  ///   divided by when the eigenvectors' cotangent is absent or zero.
  /// - Eigenvectors are differentiable only where the eigenvalues are distinct. At exactly
  ///   repeated eigenvalues, derivatives that involve the eigenvectors are ±∞ or NaN (never a
  ///   finite wrong value) unless their coupling within the repeated eigenspace is exactly zero.
  ///
  /// ```swift
  /// let (values, vectors) = Linalg.eigh(Tensor([2.0, 1, 1, 2], shape: [2, 2]))  // [1, 3]
  /// ```
  public static func eigh(_ a: Tensor) -> (eigenvalues: Tensor, eigenvectors: Tensor) {
    let outputs = bind(Eigh(), [a])
    return (outputs[0], outputs[1])
  }
}
