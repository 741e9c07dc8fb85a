extension Linalg {
  /// The 2-norm of all elements (`jnp.linalg.norm(x)`, `torch.linalg.norm(x)`): the Euclidean
  /// norm of a vector, the Frobenius norm of a matrix, of the flattened tensor in general.
  public static func norm(_ x: Tensor) -> Tensor {
    guard x.dtype.isFloatingPoint else {
      return reject(OlympusError("Linalg.norm", "expects a float tensor, got \(x.type)"))
    }
    return sqrt((x * x).sum())
  }

  /// The 2-norm over `axes` (`jnp.linalg.norm(x, axis=axes)` for one axis, or the Frobenius norm
  /// for two), kept as size-1 axes when `keepDims` is set; negative axes count from the back.
  public static func norm(_ x: Tensor, axes: [Int], keepDims: Bool = false) -> Tensor {
    guard x.dtype.isFloatingPoint else {
      return reject(OlympusError("Linalg.norm", "expects a float tensor, got \(x.type)"))
    }
    return sqrt((x * x).sum(axes: axes, keepDims: keepDims))
  }
}
