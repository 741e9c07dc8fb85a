import OlympusKernels

/// The Cholesky factor: `a[..., n, n]` symmetric positive definite gives the lower-triangular
/// `l[..., n, n]` with A = L·Lᵀ and a positive diagonal.
///
/// Only A's lower triangle is read: the primitive is a function of that triangle, standing for
/// the symmetric matrix it determines, and its rules differentiate it so. A matrix that is not
/// positive definite (numerically) gives NaN from the column whose pivot failed onwards, where
/// `Linalg.cholesky` reports it on concrete values.
public struct Cholesky: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `cholesky`.
  public var description: String { "cholesky" }

  /// The input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try expectSquareMatrices(self, inputs[0])
    return [inputs[0]]
  }

  /// One kernel call for the batch; columns from a failing pivot on become NaN.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let n = a.shape[a.rank - 1]
    let count = n == 0 ? 0 : a.elementCount / (n * n)
    let type = a.dtype.scalarType
    return [
      Tensor.make(a.type) { output in
        withExtendedLifetime(a) {
          output.copyMemory(from: a.baseAddress, byteCount: a.elementCount * a.dtype.byteCount)
        }
        let failures = Factorization.cholesky(type, n: n, count: count, data: output)
        for (index, failure) in failures.enumerated() where failure > 0 {
          fillFailedColumns(type, n: n, from: failure - 1, matrix: output + index * n * n * type.byteCount)
        }
      }
    ]
  }

  /// `dL = L·Φ(L⁻¹·dA·L⁻ᵀ)` (Murray 2016), dA the symmetric matrix of the tangent's lower triangle
  /// and Φ the lower triangle with the diagonal halved.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil] }
    let l = outputs[0]
    let symmetric = triangle(tangent, lower: true) + matrixTransposed(triangle(tangent, lower: true, strict: true))
    let inner = bind(TriangularSolve(lower: true), l, symmetric)  // L⁻¹·dA
    let sandwich = matrixTransposed(bind(TriangularSolve(lower: true), l, matrixTransposed(inner)))  // ·L⁻ᵀ
    return [bind(MatMul(), l, halvedLowerTriangle(sandwich))]
  }

  /// `Ā = 2·strict_lower(S) + diag(S)` with `S = L⁻ᵀ·sym(Φ(Lᵀ·L̄))·L⁻¹` (Murray 2016), the adjoint of
  /// the JVP: S is the cotangent of the symmetric matrix, whose off-diagonal elements the lower
  /// triangle holds once for two.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    let l = outputs[0]
    let phi = halvedLowerTriangle(bind(MatMul(), matrixTransposed(l), cotangent))
    let symmetric = (phi + matrixTransposed(phi)) * 0.5
    let left = bind(TriangularSolve(lower: true, transposeA: true), l, symmetric)  // L⁻ᵀ·P
    let s = matrixTransposed(bind(TriangularSolve(lower: true, transposeA: true), l, matrixTransposed(left)))  // ·L⁻¹
    return [triangle(s, lower: true, strict: true) * 2 + diagonalMatrix(matrixDiagonal(s))]
  }

  /// One factorization for the whole batch, the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in self }
  }

  /// Φ: the lower triangle with the diagonal halved.
  private func halvedLowerTriangle(_ x: Tensor) -> Tensor {
    triangle(x, lower: true, strict: true) + diagonalMatrix(matrixDiagonal(x)) * 0.5
  }

  /// Sets the lower triangle of columns `column...` of one row-major matrix to NaN.
  private func fillFailedColumns(_ type: ScalarType, n: Int, from column: Int, matrix: UnsafeMutableRawPointer) {
    for row in column..<n {
      for index in column...row {
        if type == .float32 {
          matrix.storeBytes(of: Float.nan, toByteOffset: (row * n + index) * 4, as: Float.self)
        } else {
          matrix.storeBytes(of: Double.nan, toByteOffset: (row * n + index) * 8, as: Double.self)
        }
      }
    }
  }
}

extension Cholesky {
  /// The rules read only the output.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
}
