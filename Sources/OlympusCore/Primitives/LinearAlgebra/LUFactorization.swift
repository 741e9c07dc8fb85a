import OlympusKernels

/// LU factorization with partial pivoting: `a[..., n, n]` gives the packed factors `lu[..., n, n]`
/// (the multipliers of the unit lower-triangular L below the diagonal, U on and above it) and the
/// row permutation `permutation[..., n]` (`int32`) with P·A = L·U, where row i of P·A is row
/// `permutation[i]` of A.
///
/// A singular matrix is factored all the same, with a zero on U's diagonal (LAPACK's `getrf`);
/// `Linalg.solve` and `Linalg.inv` report it on concrete values, `Linalg.slogdet` turns it into a
/// zero determinant.
public struct LUFactorization: Primitive {
  /// Creates the primitive.
  public init() {}

  /// Two: the packed factors and the permutation.
  public var outputCount: Int { 2 }

  /// `lu`.
  public var description: String { "lu" }

  /// The input's type and `int32[..., n]`.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try expectSquareMatrices(self, inputs[0])
    let a = inputs[0]
    return [a, TensorType(shape: Array(a.shape.dropLast()), dtype: .int32)]
  }

  /// One kernel call for the batch.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let n = a.shape[a.rank - 1]
    let count = n == 0 ? 0 : a.elementCount / (n * n)
    let permutationType = TensorType(shape: Array(a.shape.dropLast()), dtype: .int32)
    var factors: Tensor?
    let permutation = Tensor.make(permutationType) { permutation in
      factors = Tensor.make(a.type) { output in
        withExtendedLifetime(a) {
          output.copyMemory(from: a.baseAddress, byteCount: a.elementCount * a.dtype.byteCount)
        }
        _ = Factorization.lu(
          a.dtype.scalarType, n: n, count: count, data: output,
          permutations: permutation.assumingMemoryBound(to: Int32.self))
      }
    }
    return [factors!, permutation]
  }

  /// With X = L⁻¹·P·dA·U⁻¹: `dL = L·strict_lower(X)` and `dU = upper(X)·U`, packed as `dL + dU`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil, nil] }
    let (lu, permutation) = (outputs[0], outputs[1])
    let permuted = permutingRows(tangent, by: permutation)
    let left = bind(TriangularSolve(lower: true, unitDiagonal: true), lu, permuted)  // L⁻¹·P·dA
    let x = matrixTransposed(bind(TriangularSolve(lower: false, transposeA: true), lu, matrixTransposed(left)))  // ·U⁻¹
    let dl = bind(MatMul(), unitLower(lu), triangle(x, lower: true, strict: true))
    let du = bind(MatMul(), triangle(x, lower: false), triangle(lu, lower: false))
    return [dl + du, nil]
  }

  /// `Ā = Pᵀ·L⁻ᵀ·(strict_lower(Lᵀ·L̄) + upper(Ū·Uᵀ))·U⁻ᵀ` with L̄ and Ū the cotangent's strict lower
  /// and upper parts: the adjoint of the JVP. The permutation has no cotangent.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    let (lu, permutation) = (outputs[0], outputs[1])
    let fromL = bind(MatMul(), matrixTransposed(unitLower(lu)), triangle(cotangent, lower: true, strict: true))
    let fromU = bind(MatMul(), triangle(cotangent, lower: false), matrixTransposed(triangle(lu, lower: false)))
    let g = triangle(fromL, lower: true, strict: true) + triangle(fromU, lower: false)
    let left = bind(TriangularSolve(lower: true, transposeA: true, unitDiagonal: true), lu, g)  // L⁻ᵀ·G
    let right = matrixTransposed(bind(TriangularSolve(lower: false), lu, matrixTransposed(left)))  // ·U⁻ᵀ
    // Pᵀ·Y gathers by the inverse permutation, which sorting the permutation gives.
    return [permutingRows(right, by: permutation.argsort(axis: -1))]
  }

  /// One factorization for the whole batch, the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in self }
  }

  /// L: the strict lower part of the packed factors with ones on the diagonal.
  private func unitLower(_ lu: Tensor) -> Tensor {
    triangle(lu, lower: true, strict: true) + Tensor.eye(lu.shape[lu.rank - 1], dtype: lu.dtype)
  }
}

extension LUFactorization {
  /// The rules read only the outputs.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
}
