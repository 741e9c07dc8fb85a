import OlympusKernels

/// Solves op(A)·X = B for triangular A: `a[..., n, n]` and `b[..., n, k]` of one float type with
/// equal leading axes give `x[..., n, k]`. op(A) is A, or Aᵀ when `transposeA` is set; only A's
/// lower (`lower`) or upper triangle is read, and with `unitDiagonal` its diagonal is taken as
/// ones. A zero on the diagonal gives infinities or NaNs, as in LAPACK's `trsm`.
public struct TriangularSolve: SingleOutputPrimitive {
  /// Whether A is lower triangular (otherwise upper).
  public var lower: Bool
  /// Whether the system is Aᵀ·X = B.
  public var transposeA: Bool
  /// Whether A's diagonal is taken as ones.
  public var unitDiagonal: Bool

  /// Creates the primitive.
  public init(lower: Bool, transposeA: Bool = false, unitDiagonal: Bool = false) {
    self.lower = lower
    self.transposeA = transposeA
    self.unitDiagonal = unitDiagonal
  }

  /// `triangular_solve[lower|upper, T, unit]`.
  public var description: String {
    "triangular_solve[\(lower ? "lower" : "upper")\(transposeA ? ", transposed" : "")\(unitDiagonal ? ", unit" : "")]"
  }

  /// `b`'s type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (a, b) = (inputs[0], inputs[1])
    try expectSquareMatrices(self, a, "matrix")
    guard b.rank == a.rank, b.dtype == a.dtype, b.shape.dropLast(2) == a.shape.dropLast(2),
      b.shape[b.rank - 2] == a.shape[a.rank - 1]
    else {
      throw OlympusError(description, "operands \(a) and \(b) do not have the form [..., n, n] and [..., n, k]")
    }
    return [b]
  }

  /// One kernel call for the batch.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let b = inputs[1].contiguous()
    let n = a.shape[a.rank - 1]
    let k = b.shape[b.rank - 1]
    let count = n == 0 ? 0 : a.elementCount / (n * n)
    return [
      Tensor.make(b.type) { output in
        withExtendedLifetime((a, b)) {
          output.copyMemory(from: b.baseAddress, byteCount: b.elementCount * b.dtype.byteCount)
          Factorization.solveTriangular(
            a.dtype.scalarType, n: n, k: k, count: count, a: a.baseAddress, b: output, lower: lower,
            transposeA: transposeA, unitDiagonal: unitDiagonal)
        }
      }
    ]
  }

  /// The part of A the primitive reads.
  func readPart(_ a: Tensor) -> Tensor { triangle(a, lower: lower, strict: unitDiagonal) }

  /// `op(A)⁻¹·(dB − op(dA)·X)`, dA restricted to the part read.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let x = outputs[0]
    let fromA = tangents[0].map { da -> Tensor in
      let part = readPart(da)
      return -bind(MatMul(), transposeA ? matrixTransposed(part) : part, x)
    }
    guard let rhs = addTangents(tangents[1], fromA) else { return [nil] }
    return [bind(self, primals[0], rhs)]
  }

  /// `B̄ = op(A)⁻ᵀ·X̄` and `Ā = −B̄·Xᵀ` (or `−X·B̄ᵀ` when transposed), restricted to the part read.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil] }
    let transposed = TriangularSolve(lower: lower, transposeA: !transposeA, unitDiagonal: unitDiagonal)
    let rhs = bind(transposed, primals[0], cotangent)
    let x = outputs[0]
    let product = transposeA ? bind(MatMul(), x, matrixTransposed(rhs)) : bind(MatMul(), rhs, matrixTransposed(x))
    return [-readPart(product), rhs]
  }

  /// One solve for the whole batch, both operands with the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(self, batchAllFirst(inputs, axes)), [0])
  }
}

extension TriangularSolve {
  /// The rule reads A and the output, not B.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 0 }
}
