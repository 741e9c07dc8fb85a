import OlympusKernels

/// The eigendecomposition of the symmetric part `(a + aᵀ)/2` of each matrix of `a[..., n, n]`:
/// eigenvalues `[..., n]` ascending and orthonormal eigenvectors `[..., n, n]` (columns), in
/// float32 or float64.
///
/// The primitive's function is that of the symmetric part, so its derivatives are those of
/// `eigh((a + aᵀ)/2)` for any `a`: tangents are symmetrized and cotangents come out symmetric.
/// Eigenvectors are determined up to sign (and, at repeated eigenvalues, up to a rotation within
/// the eigenspace); see `Linalg.eigh(_:)` for what that means for derivatives.
public struct Eigh: Primitive {
  /// Creates the primitive.
  public init() {}

  /// Two: eigenvalues and eigenvectors.
  public var outputCount: Int { 2 }

  /// `eigh`.
  public var description: String { "eigh" }

  /// `[..., n]` and `[..., n, n]` of the input's floating-point type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let a = inputs[0]
    try expectSquareMatrices(self, a)
    return [TensorType(shape: Array(a.shape.dropLast()), dtype: a.dtype), a]
  }

  /// One `Decomposition.symmetricEigen` call for the batch (LAPACK's `syevd`, or the built-in
  /// divide and conquer).
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let n = a.shape[a.rank - 1]
    let batch = n == 0 ? 0 : a.elementCount / (n * n)
    var vectors: Tensor?
    let values = Tensor.make(TensorType(shape: Array(a.shape.dropLast()), dtype: a.dtype)) { values in
      vectors = Tensor.make(a.type) { vectors in
        withExtendedLifetime(a) {
          Decomposition.symmetricEigen(
            a.dtype.scalarType, a.baseAddress, batch: batch, n: n, values: values, vectors: vectors)
        }
      }
    }
    return [values, vectors!]
  }

  /// With `S = Vᵀ·sym(ȧ)·V`: `λ̇ = diag(S)`, `V̇ = V·(F ∘ S)`, `F[i, j] = 1/(λⱼ − λᵢ)`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil, nil] }
    let (values, vectors) = (outputs[0], outputs[1])
    let projected = matmul(matmul(matrixTransposed(vectors), symmetricPart(tangent)), vectors)
    return [matrixDiagonal(projected), matmul(vectors, divideByGaps(projected, values))]
  }

  /// `sym(V·(diag(λ̄) + F ∘ (Vᵀ·V̄))·Vᵀ)`; without an eigenvector cotangent only
  /// `V·diag(λ̄)·Vᵀ`, which no gap divides, so it is exact at repeated eigenvalues.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let (values, vectors) = (outputs[0], outputs[1])
    let fromValues = cotangents[0].map(diagonalMatrix)
    let fromVectors = cotangents[1].map { divideByGaps(matmul(matrixTransposed(vectors), $0), values) }
    guard let inner = addTangents(fromValues, fromVectors) else { return [nil] }
    return [symmetricPart(matmul(matmul(vectors, inner), matrixTransposed(vectors)))]
  }

  /// One decomposition of the whole batch, its axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in Eigh() }
  }
}

extension Eigh {
  /// The rules read only the outputs.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
}
