import OlympusKernels

/// The reduced QR decomposition of each matrix of `a[..., m, n]`: `q[..., m, k]` with orthonormal
/// columns and upper triangular `r[..., k, n]`, `k = min(m, n)`, `a = q·r`, in float32 or
/// float64. Householder reflections, so `r`'s diagonal may have either sign (as in LAPACK and
/// NumPy).
///
/// The derivatives are those of the decomposition with `r`'s diagonal signs held fixed; they
/// exist where the leading `k × k` block of `a` has full rank (the first k columns are
/// independent) and are infinite or NaN otherwise.
public struct QR: Primitive {
  /// Creates the primitive.
  public init() {}

  /// Two: `q` and `r`.
  public var outputCount: Int { 2 }

  /// `qr`.
  public var description: String { "qr" }

  /// `[..., m, k]` and `[..., k, n]` of the input's floating-point type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let a = inputs[0]
    let (batch, m, n, k) = try matrixDimensions(self, a)
    return [TensorType(shape: batch + [m, k], dtype: a.dtype), TensorType(shape: batch + [k, n], dtype: a.dtype)]
  }

  /// The built-in Householder QR of each matrix.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let batchShape = Array(a.shape.dropLast(2))
    let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let k = Swift.min(m, n)
    let batch = m * n == 0 ? 0 : a.elementCount / (m * n)
    var r: Tensor?
    let q = Tensor.make(TensorType(shape: batchShape + [m, k], dtype: a.dtype)) { q in
      r = Tensor.make(TensorType(shape: batchShape + [k, n], dtype: a.dtype)) { r in
        withExtendedLifetime(a) {
          Decomposition.qr(a.dtype.scalarType, a.baseAddress, batch: batch, m: m, n: n, q: q, r: r)
        }
      }
    }
    return [q, r!]
  }

  /// For `m ≥ n`, with `Y = ȧ·R⁻¹`, `X = Qᵀ·Y` and `Ω = L − Lᵀ` (`L` the strictly lower part of
  /// `X`): `Q̇ = Q·(Ω − X) + Y`, `Ṙ = (X − Ω)·R`. For `m < n` the square leading block `a₁`
  /// decides `Q` and `R₁`, and `R₂ = Qᵀ·a₂` follows: `Ṙ₂ = Q̇ᵀ·a₂ + Qᵀ·ȧ₂`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil, nil] }
    let (a, q, r) = (primals[0], outputs[0], outputs[1])
    let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    guard m < n else {
      let (qDot, rDot) = Self.squareOrTallJVP(q, r, tangent)
      return [qDot, rDot]
    }
    let (leading, trailing) = (a[.ellipsis, .slice(m, nil)], tangent[.ellipsis, .slice(m, nil)])
    let (qDot, rDot) = Self.squareOrTallJVP(q, r[.ellipsis, .slice(0, m)], tangent[.ellipsis, .slice(0, m)])
    let trailingDot = matmul(matrixTransposed(qDot), leading) + matmul(matrixTransposed(q), trailing)
    return [qDot, concatenated([rDot, trailingDot], axis: -1)]
  }

  /// For `m ≥ n`: `ā = (Q̄ + Q·C)·R⁻ᵀ` with `B = QᵀQ̄ − R̄Rᵀ` and `C = L(B − Bᵀ) − B` (`L` the
  /// strictly lower part). For `m < n`: `ā₂ = Q·R̄₂`, and `ā₁` by the square rule with
  /// `Q̄ + a₂·R̄₂ᵀ` for `Q̄`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let (a, q, r) = (primals[0], outputs[0], outputs[1])
    let (m, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    guard m < n else { return [Self.squareOrTallVJP(q, r, cotangents[0], cotangents[1])] }
    let leading = r[.ellipsis, .slice(0, m)]
    let trailingBar = cotangents[1].map { $0[.ellipsis, .slice(m, nil)] }
    let qBar = addTangents(cotangents[0], trailingBar.map { matmul(a[.ellipsis, .slice(m, nil)], matrixTransposed($0)) })
    let leadingBar = Self.squareOrTallVJP(q, leading, qBar, cotangents[1].map { $0[.ellipsis, .slice(0, m)] })!
    let trailing = trailingBar.map { matmul(q, $0) } ?? Tensor.zeros(Array(a.shape.dropLast()) + [n - m], dtype: a.dtype)
    return [concatenated([leadingBar, trailing], axis: -1)]
  }

  /// The tangents of `Q` and `R` for `m ≥ n` (`R` square).
  private static func squareOrTallJVP(_ q: Tensor, _ r: Tensor, _ tangent: Tensor) -> (Tensor, Tensor) {
    // Y = ȧ·R⁻¹, from Rᵀ·Yᵀ = ȧᵀ.
    let y = matrixTransposed(bind(TriangularSolve(lower: false, transposeA: true), r, matrixTransposed(tangent)))
    let x = matmul(matrixTransposed(q), y)
    let lower = triangle(x, lower: true, strict: true)
    let omega = lower - matrixTransposed(lower)
    return (matmul(q, omega - x) + y, matmul(x - omega, r))
  }

  /// The cotangent of `a` for `m ≥ n` (`R` square); `nil` cotangents are zero.
  private static func squareOrTallVJP(_ q: Tensor, _ r: Tensor, _ qBar: Tensor?, _ rBar: Tensor?) -> Tensor? {
    let fromQ = qBar.map { matmul(matrixTransposed(q), $0) }
    let fromR = rBar.map { -matmul($0, matrixTransposed(r)) }
    guard let b = addTangents(fromQ, fromR) else { return nil }
    let c = triangle(b - matrixTransposed(b), lower: true, strict: true) - b
    let z = addTangents(qBar, matmul(q, c))!
    // ā = Z·R⁻ᵀ, from R·āᵀ = Zᵀ.
    return matrixTransposed(bind(TriangularSolve(lower: false), r, matrixTransposed(z)))
  }

  /// One decomposition of the whole batch, its axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in QR() }
  }
}
