extension Linalg {
  /// The matrix exponential of square matrices `a[..., n, n]` (`jax.scipy.linalg.expm`,
  /// `torch.linalg.matrix_exp`), float32 or float64: scaling and squaring with Padé approximants
  /// of degree 3 to 13 chosen by the 1-norm (Higham 2005), in float64 for either type.
  ///
  /// A primitive with its own rules (the Fréchet derivative through a block matrix of twice the
  /// size), so derivatives of any order are exact up to rounding rather than differentiated
  /// through the squarings.
  public static func expm(_ a: Tensor) -> Tensor {
    checked { () throws(OlympusError) in
      try expectSquareMatrices("Linalg.expm", a)
      return bind(Expm(), a)
    }
  }
}
