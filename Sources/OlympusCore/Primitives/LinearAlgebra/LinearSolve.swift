import OlympusKernels

/// The solution `x[..., n, k]` of `a·x = b` for square `a[..., n, n]` and `b[..., n, k]` (the
/// same batch shape), in float32 or float64, by LU factorization with partial pivoting in one
/// kernel call for the batch (`Factorization.solve`: systems of order at most 16 in one pass each).
///
/// A singular matrix (an exactly zero pivot) gives infinities or NaN; `Linalg.solve` reports it
/// on concrete values. Its rules are written with the primitive itself: `ẋ = a⁻¹·(ḃ − ȧ·x)`,
/// `b̄ = a⁻ᵀ·x̄` and `ā = −b̄·xᵀ` (Giles 2008).
public struct LinearSolve: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `solve`.
  public var description: String { "solve" }

  /// `b`'s type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    try expectSquareMatrices(self, inputs[0])
    let (a, b) = (inputs[0], inputs[1])
    guard b.rank == a.rank, b.dtype == a.dtype, b.shape.dropLast() == a.shape.dropLast() else {
      throw OlympusError(description, "expects b [..., \(a.shape[a.rank - 1]), k] beside a \(a) of its type, got \(b)")
    }
    return [b]
  }

  /// One kernel call for the batch.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (a, b) = (inputs[0].contiguous(), inputs[1].contiguous())
    let (n, k) = (a.shape[a.rank - 1], b.shape[b.rank - 1])
    let count = a.shape.dropLast(2).reduce(1, *)
    return [
      Tensor.make(b.type) { output in
        withExtendedLifetime((a, b)) {
          output.copyMemory(from: b.baseAddress, byteCount: b.elementCount * b.dtype.byteCount)
          _ = Factorization.solve(a.dtype.scalarType, n: n, k: k, count: count, a: a.baseAddress, b: output)
        }
      }
    ]
  }

  /// `ẋ = a⁻¹·(ḃ − ȧ·x)`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let (da, db) = (tangents[0], tangents[1])
    guard da != nil || db != nil else { return [nil] }
    let fromA = da.map { -bind(MatMul(), $0, outputs[0]) }
    let rhs = db.map { db in fromA.map { db + $0 } ?? db } ?? fromA!
    return [bind(self, primals[0], rhs)]
  }

  /// `b̄ = a⁻ᵀ·x̄`, `ā = −b̄·xᵀ`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil] }
    let db = bind(self, matrixTransposed(primals[0]), cotangent)
    return [-bind(MatMul(), db, matrixTransposed(outputs[0])), db]
  }

  /// One solve of the whole batch, both inputs' batch axes first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(self, batchAllFirst(inputs, axes)), [0])
  }
}

extension LinearSolve {
  /// The rule reads A and the output, not B.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 0 }
}
