import OlympusCore
import Testing

/// Derivatives of the `Linalg` operations and `einsum` in float64: forward mode against central
/// differences and reverse mode against forward mode (⟨u, Jv⟩ = ⟨Jᵀu, v⟩) to second order with
/// `checkGrads` (its default tolerance 10⁻⁶ is derived in its documentation; the inputs here are
/// well conditioned, κ < 10², so the differences lose no more than two further digits of 10⁻¹¹),
/// closed forms (d log|det A| = A⁻ᵀ), and the same derivatives under `jit`.
@Suite struct LinalgDerivativeTests {
  /// Random float64 matrices with a dominant diagonal: condition numbers of order 10.
  static func wellConditioned(_ shape: [Int], seed: Int) -> Tensor {
    let n = shape[shape.count - 1]
    return Random.uniform(Random.key(seed), shape: shape, minimum: -1, maximum: 1, dtype: .float64)
      + Tensor.eye(n, dtype: .float64) * 3
  }

  /// x·xᵀ/n + I: symmetric positive definite.
  static func positiveDefinite(_ shape: [Int], seed: Int) -> Tensor {
    let x = Random.uniform(Random.key(seed), shape: shape, minimum: -1, maximum: 1, dtype: .float64)
    let n = shape[shape.count - 1]
    return matmul(x, x.swappingAxes(-1, -2)) / Double(n) + Tensor.eye(n, dtype: .float64)
  }

  @Test func solveWithRespectToBothOperands() throws {
    let a = Self.wellConditioned([2, 4, 4], seed: 1)
    let b = Random.uniform(Random.key(2), shape: [2, 4, 3], minimum: -1, maximum: 1, dtype: .float64)
    try checkGrads(of: { Linalg.solve($0, b) }, at: a)
    try checkGrads(of: { Linalg.solve(a, $0) }, at: b)
    let vector = Random.uniform(Random.key(3), shape: [4], minimum: -1, maximum: 1, dtype: .float64)
    try checkGrads(of: { Linalg.solve($0, vector) }, at: a)
  }

  @Test func solveTriangularInEveryOrientation() throws {
    let a = Self.wellConditioned([3, 3], seed: 4)
    let b = Random.uniform(Random.key(5), shape: [3, 2], minimum: -1, maximum: 1, dtype: .float64)
    for lower in [true, false] {
      for transposeA in [true, false] {
        for unitDiagonal in [true, false] {
          let f = { (a: Tensor, b: Tensor) in
            Linalg.solveTriangular(a, b, lower: lower, transposeA: transposeA, unitDiagonal: unitDiagonal)
          }
          try checkGrads(of: { f($0, b) }, at: a)
          try checkGrads(of: { f(a, $0) }, at: b)
        }
      }
    }
  }

  @Test func choleskyInverseAndDeterminants() throws {
    try checkGrads(of: { Linalg.cholesky($0) }, at: Self.positiveDefinite([2, 4, 4], seed: 6))
    let a = Self.wellConditioned([2, 3, 3], seed: 7)
    try checkGrads(of: { Linalg.inv($0) }, at: a)
    try checkGrads(of: { Linalg.det($0) }, at: a)
    try checkGrads(of: { Linalg.slogdet($0).logAbsDet }, at: a)
    // A permuted matrix: the LU rules carry the permutation.
    let permuted = a.flipped(axes: [1])
    try checkGrads(of: { Linalg.slogdet($0).logAbsDet }, at: permuted)
    try checkGrads(of: { Linalg.det($0) }, at: permuted)
  }

  @Test func normAndEinsum() throws {
    let x = Random.uniform(Random.key(8), shape: [3, 4], minimum: -1, maximum: 1, dtype: .float64)
    let y = Random.uniform(Random.key(9), shape: [4, 5], minimum: -1, maximum: 1, dtype: .float64)
    try checkGrads(of: { Linalg.norm($0) }, at: x)
    try checkGrads(of: { Linalg.norm($0, axes: [1]) }, at: x)
    try checkGrads(of: { einsum("ij,jk->ik", $0, y) }, at: x)
    try checkGrads(of: { einsum("ij,jk,ik->", $0, y, matmul($0, y)) }, at: x)
    try checkGrads(of: { einsum("ii", $0) }, at: Self.wellConditioned([3, 3], seed: 10))
  }

  /// d log|det A| / dA = A⁻ᵀ; tolerance: both sides are solves with κ ≈ 10, error ≈ 10⁻¹⁴.
  @Test func logDeterminantGradientIsTheInverseTranspose() {
    let a = Self.wellConditioned([2, 5, 5], seed: 11)
    let gradient = grad(of: { Linalg.slogdet($0).logAbsDet.sum() })(a)
    expectAgreement(gradient, Linalg.inv(a).swappingAxes(-1, -2), tolerance: 1e-12)
    let jitted = jit(grad(of: { Linalg.slogdet($0).logAbsDet.sum() }))(a)
    expectAgreement(jitted, gradient, tolerance: 1e-12)
  }

  /// The eager tape gives what `grad` gives (the same rules; identical arithmetic).
  @Test func tapeMatchesGrad() throws {
    let a = Self.wellConditioned([4, 4], seed: 12).requiringGrad()
    let b = Random.uniform(Random.key(13), shape: [4], minimum: -1, maximum: 1, dtype: .float64)
    let loss = Linalg.solve(a, b).sum() + Linalg.slogdet(a).logAbsDet
    loss.backward()
    let expected = grad(of: { Linalg.solve($0, b).sum() + Linalg.slogdet($0).logAbsDet })(a.detached())
    expectAgreement(try #require(a.grad), expected, tolerance: 1e-12)
  }
}
