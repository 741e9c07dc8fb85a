import OlympusKernels

/// The reduced singular value decomposition of each matrix of `a[..., m, n]`: `u[..., m, k]`,
/// `s[..., k]` (descending, non-negative) and `vt[..., k, n]` with `k = min(m, n)` and
/// `a = u·diag(s)·vt`, in float32 or float64.
///
/// Singular vectors are determined up to sign (and, at repeated singular values, up to a rotation
/// within the singular subspace); see `Linalg.svd(_:)` for what that means for derivatives.
public struct SVD: Primitive {
  /// Creates the primitive.
  public init() {}

  /// Three: `u`, `s` and `vt`.
  public var outputCount: Int { 3 }

  /// `svd`.
  public var description: String { "svd" }

  /// `[..., m, k]`, `[..., k]` and `[..., k, n]` of the input's floating-point type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let a = inputs[0]
    let (batch, m, n, k) = try matrixDimensions(self, a)
    return [
      TensorType(shape: batch + [m, k], dtype: a.dtype), TensorType(shape: batch + [k], dtype: a.dtype),
      TensorType(shape: batch + [k, n], dtype: a.dtype),
    ]
  }

  /// One `Decomposition.svd` call for the batch (LAPACK's `gesdd`, or the built-in one-sided
  /// Jacobi SVD).
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let batchShape = Array(a.shape.dropLast(2))
    let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let k = Swift.min(m, n)
    let batch = m * n == 0 ? 0 : a.elementCount / (m * n)
    var (s, vt): (Tensor?, Tensor?)
    let u = Tensor.make(TensorType(shape: batchShape + [m, k], dtype: a.dtype)) { u in
      s = Tensor.make(TensorType(shape: batchShape + [k], dtype: a.dtype)) { s in
        vt = Tensor.make(TensorType(shape: batchShape + [k, n], dtype: a.dtype)) { vt in
          withExtendedLifetime(a) {
            Decomposition.svd(a.dtype.scalarType, a.baseAddress, batch: batch, m: m, n: n, u: u, s: s, vt: vt)
          }
        }
      }
    }
    return [u, s!, vt!]
  }

  /// With `P = Uᵀ·ȧ·V` and `F[i, j] = 1/(sⱼ² − sᵢ²)`: `ṡ = diag(P)`,
  /// `U̇ = U·(F ∘ (P·S + S·Pᵀ)) + (I − UUᵀ)·ȧ·V·S⁻¹`, `V̇ = V·(F ∘ (S·P + Pᵀ·S)) + (I − VVᵀ)·ȧᵀ·U·S⁻¹`
  /// (the last terms only for tall, respectively wide, matrices).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil, nil, nil] }
    let (u, s, vt) = (outputs[0], outputs[1], outputs[2])
    let v = matrixTransposed(vt)
    let (m, n, k) = (u.shape[u.rank - 2], vt.shape[vt.rank - 1], s.shape[s.rank - 1])
    let tangentV = matmul(tangent, v)
    let projected = matmul(matrixTransposed(u), tangentV)
    let squares = s * s
    let right = projected * s.expandingDimensions(at: -2)  // P·S
    let left = s.expandingDimensions(at: -1) * projected  // S·P
    var uDot = matmul(u, divideByGaps(right + matrixTransposed(right), squares))
    var vDot = matmul(v, divideByGaps(left + matrixTransposed(left), squares))
    if m > k {
      uDot = uDot + dividingColumns(tangentV - matmul(u, projected), by: s)
    }
    if n > k {
      let tangentU = matmul(matrixTransposed(tangent), u)
      vDot = vDot + dividingColumns(tangentU - matmul(v, matrixTransposed(projected)), by: s)
    }
    return [uDot, matrixDiagonal(projected), matrixTransposed(vDot)]
  }

  /// `U·(diag(s̄) + (F ∘ (J − Jᵀ))·S + S·(F ∘ (K − Kᵀ)))·Vᵀ` with `J = UᵀŪ`, `K = VᵀV̄`, plus
  /// `(I − UUᵀ)·Ū·S⁻¹·Vᵀ` for tall and `U·S⁻¹·V̄ᵀ·(I − VVᵀ)` for wide matrices. Without
  /// singular-vector cotangents only `U·diag(s̄)·Vᵀ`, which no gap divides, so it is exact at
  /// repeated (and zero) singular values.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let (u, s, vt) = (outputs[0], outputs[1], outputs[2])
    let (m, n, k) = (u.shape[u.rank - 2], vt.shape[vt.rank - 1], s.shape[s.rank - 1])
    let squares = s * s
    var inner = cotangents[1].map(diagonalMatrix)
    var outside: Tensor?
    if let uBar = cotangents[0] {
      let j = matmul(matrixTransposed(u), uBar)
      inner = addTangents(inner, divideByGaps(j - matrixTransposed(j), squares) * s.expandingDimensions(at: -2))
      if m > k {
        outside = matmul(dividingColumns(uBar - matmul(u, j), by: s), vt)
      }
    }
    if let vtBar = cotangents[2] {
      let v = matrixTransposed(vt)
      let kk = matmul(vt, matrixTransposed(vtBar))
      inner = addTangents(inner, s.expandingDimensions(at: -1) * divideByGaps(kk - matrixTransposed(kk), squares))
      if n > k {
        let rows = vtBar - matmul(matmul(vtBar, v), vt)
        outside = addTangents(outside, matmul(u, multiplyPreservingZeros(rows, 1 / s.expandingDimensions(at: -1))))
      }
    }
    guard let inner else { return [outside] }
    return [addTangents(matmul(matmul(u, inner), vt), outside)]
  }

  /// One decomposition of the whole batch, its axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in SVD() }
  }
}

extension SVD {
  /// The rules read only the outputs.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
}

/// `x[..., r, k]` with column j divided by `s[..., j]`; columns of zero `s` whose entries are all
/// zero stay zero (the terms of tall and wide matrices at zero singular values, where the
/// derivative of the vectors does not exist otherwise).
private func dividingColumns(_ x: Tensor, by s: Tensor) -> Tensor {
  multiplyPreservingZeros(x, 1 / s.expandingDimensions(at: -2))
}
