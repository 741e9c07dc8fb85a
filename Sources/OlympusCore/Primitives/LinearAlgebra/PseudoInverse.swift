import OlympusKernels

/// The Moore–Penrose pseudo-inverse of each matrix of `a[..., m, n]`: `[..., n, m]`, in float32 or
/// float64. Singular values at most `max(m, n)·ε·s_max` count as zero.
///
/// Its derivative is that of the pseudo-inverse at constant rank (Golub & Pereyra 1973), written
/// with the output `P` alone: it needs no singular vectors, so it is exact at repeated singular
/// values (the identity included).
public struct PseudoInverse: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `pinv`.
  public var description: String { "pinv" }

  /// `[..., n, m]` of the input's floating-point type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let (batch, m, n, _) = try matrixDimensions(self, inputs[0])
    return [TensorType(shape: batch + [n, m], dtype: inputs[0].dtype)]
  }

  /// The built-in SVD of each matrix, inverted on the singular values above the cutoff.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let batch = m * n == 0 ? 0 : a.elementCount / (m * n)
    let type = TensorType(shape: a.shape.dropLast(2) + [n, m], dtype: a.dtype)
    return [
      Tensor.make(type) { output in
        withExtendedLifetime(a) {
          Decomposition.pseudoInverse(a.dtype.scalarType, a.baseAddress, batch: batch, m: m, n: n, output: output)
        }
      }
    ]
  }

  /// `Ṗ = −P·ȧ·P + P·Pᵀ·ȧᵀ·(I − A·P) + (I − P·A)·ȧᵀ·Pᵀ·P`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil] }
    let (a, p) = (primals[0], outputs[0])
    let (pt, tangentT) = (matrixTransposed(p), matrixTransposed(tangent))
    let first = -matmul(matmul(p, tangent), p)
    let second = matmul(matmul(p, pt), tangentT - matmul(matmul(tangentT, a), p))
    let third = matmul(tangentT - matmul(matmul(p, a), tangentT), matmul(pt, p))
    return [first + second + third]
  }

  /// `ā = −Pᵀ·P̄·Pᵀ + (I − A·P)·P̄ᵀ·P·Pᵀ + Pᵀ·P·P̄ᵀ·(I − P·A)`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    let (a, p) = (primals[0], outputs[0])
    let (pt, cotangentT) = (matrixTransposed(p), matrixTransposed(cotangent))
    let first = -matmul(matmul(pt, cotangent), pt)
    let second = matmul(cotangentT - matmul(a, matmul(p, cotangentT)), matmul(p, pt))
    let third = matmul(matmul(pt, p), cotangentT - matmul(matmul(cotangentT, p), a))
    return [first + second + third]
  }

  /// One pseudo-inverse of the whole batch, its axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in PseudoInverse() }
  }
}
