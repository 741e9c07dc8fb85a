import OlympusCore
import Testing

/// Derivatives of `Linalg.eigh`, `svd`, `pinv` and `lstsq`: finite differences to second order in
/// float64 on sign-invariant functions of the factors, batched and non-square shapes, and the
/// exact eigenvalue and singular-value gradients at repeated values, where the peers return NaN.
@Suite("Linalg decompositions: derivatives")
struct DecompositionDerivativeTests {
  /// A float64 matrix with entries in [-1, 1) plus `diagonal` on its diagonal (kept apart so that
  /// eigenvalues and singular values stay separated and non-zero).
  static func matrix(_ seed: Int, _ shape: [Int], diagonal: [Double]) -> Tensor {
    let (m, n) = (shape[shape.count - 2], shape[shape.count - 1])
    var d = [Double](repeating: 0, count: m * n)
    for (i, value) in diagonal.enumerated() where i < min(m, n) { d[i * n + i] = value }
    return Random.uniform(Random.key(seed), shape: shape, minimum: -0.3, maximum: 0.3, dtype: .float64)
      + Tensor(d, shape: [m, n])
  }

  /// Sign-invariant functions of the factors: the values, the squared vectors and a weighted
  /// reconstruction.
  static func eighFeatures(_ a: Tensor) -> Tensor {
    let (values, vectors) = Linalg.eigh(a)
    let n = values.shape[values.rank - 1]
    let weights = Tensor((0..<n).map { Double($0 + 1) })
    let weighted = matmul(vectors * weights, vectors.swappingAxes(-1, -2))
    return concatenated([values.flattened(), (vectors * vectors).flattened(), weighted.flattened()])
  }

  static func svdFeatures(_ a: Tensor) -> Tensor {
    let (u, s, vt) = Linalg.svd(a)
    let k = s.shape[s.rank - 1]
    let weights = Tensor((0..<k).map { Double($0 + 1) })
    let weighted = matmul(u * weights, vt)
    return concatenated([s.flattened(), (u * u).flattened(), (vt * vt).flattened(), weighted.flattened()])
  }

  /// Finite differences (step 1e-5, tolerance 1e-6 relative: see `checkGrads`) to second order,
  /// forward and reverse.
  @Test(arguments: [[4, 4], [2, 3, 3]])
  func eighMatchesFiniteDifferences(_ shape: [Int]) throws {
    for seed in 0..<2 {
      let a = Self.matrix(seed, shape, diagonal: [0, 1, 2, 3])
      try checkGrads(of: Self.eighFeatures, at: a, order: 2, seed: seed)
    }
  }

  @Test(arguments: [[4, 4], [5, 3], [3, 5], [2, 4, 3]])
  func svdMatchesFiniteDifferences(_ shape: [Int]) throws {
    for seed in 0..<2 {
      let a = Self.matrix(seed, shape, diagonal: [4, 3, 2, 1])
      try checkGrads(of: Self.svdFeatures, at: a, order: 2, seed: seed)
    }
  }

  @Test(arguments: [[3, 3], [5, 3], [3, 5], [2, 4, 3]])
  func pinvAndLstsqMatchFiniteDifferences(_ shape: [Int]) throws {
    for seed in 0..<2 {
      let a = Self.matrix(seed, shape, diagonal: [3, 2, 1])
      try checkGrads(of: { Linalg.pinv($0) }, at: a, order: 2, seed: seed)
      let m = shape[shape.count - 2]
      let b = Random.uniform(Random.key(seed + 10), shape: Array(shape.dropLast(2)) + [m, 2], dtype: .float64)
      try checkGrads(of: { Linalg.lstsq($0, b) }, at: a, order: 2, seed: seed)
      try checkGrads(of: { Linalg.lstsq(a, $0) }, at: b, order: 2, seed: seed)
    }
  }

  /// QR's factors themselves (Householder signs stay fixed near these diagonally dominant
  /// inputs), square, tall, wide and batched.
  @Test(arguments: [[4, 4], [5, 3], [3, 5], [2, 4, 3]])
  func qrMatchesFiniteDifferences(_ shape: [Int]) throws {
    for seed in 0..<2 {
      let a = Self.matrix(seed, shape, diagonal: [2, 1.5, 1, 0.8])
      try checkGrads(of: { let (q, r) = Linalg.qr($0); return concatenated([q.flattened(), r.flattened()]) }, at: a, order: 2, seed: seed)
    }
  }

  /// The exponential at small and large norms (the latter squares several times).
  @Test(arguments: [0.5, 4.0])
  func expmMatchesFiniteDifferences(_ scale: Double) throws {
    for seed in 0..<2 {
      let a = scale * Random.uniform(Random.key(seed), shape: [2, 3, 3], minimum: -1, maximum: 1, dtype: .float64)
      try checkGrads(of: { Linalg.expm($0) }, at: a, order: 2, seed: seed)
    }
  }

  /// exp(0) = I exactly, and exp(diag(d)) = diag(eᵈ) to rounding: the Padé approximant of a
  /// diagonal matrix is the scalar one, whose denominator q(x) = p(−x) sums terms up to about
  /// e^{|x|/2} times its value, so evaluating it loses up to tens of ulp at |x| = 3; tolerance
  /// 100·ε relative (2.2e-14).
  @Test func expmOfDiagonalMatrices() {
    #expect(Linalg.expm(Tensor.zeros([3, 3], dtype: .float64)).scalars(as: Double.self) == Tensor.eye(3, dtype: .float64).scalars(as: Double.self))
    let d = Tensor([-2.0, 0.5, 3])
    expectAgreement(Linalg.expm(d.expandingDimensions(at: 1) * Tensor.eye(3, dtype: .float64)), exp(d).expandingDimensions(at: 1) * Tensor.eye(3, dtype: .float64), tolerance: 2.2e-14)
  }

  /// The gradient of the sum of eigenvalues (the trace) is the identity, exactly, at the identity
  /// and at a matrix with a repeated eigenvalue, through `grad`, `jit`, `vmap` and the tape; and
  /// with a materialized zero cotangent for the eigenvectors.
  @Test func eigenvalueGradientIsExactAtRepeatedEigenvalues() {
    let identity = Tensor.eye(3, dtype: .float64)
    let repeated = Tensor([2.0, 0, 0, 0, 2, 0, 0, 0, 5], shape: [3, 3])
    let f = { (a: Tensor) in Linalg.eigh(a).eigenvalues.sum() }
    let zeroVectors = { (a: Tensor) in
      let (values, vectors) = Linalg.eigh(a)
      return values.sum() + 0 * vectors.sum()
    }
    for a in [identity, repeated] {
      let expected = identity.scalars(as: Double.self)
      #expect(grad(of: f)(a).scalars(as: Double.self) == expected)
      #expect(grad(of: zeroVectors)(a).scalars(as: Double.self) == expected)
      #expect(jit(grad(of: f))(a).scalars(as: Double.self) == expected)
      let batched = vmap(of: grad(of: f))(stacked([a, a]))
      #expect(batched.scalars(as: Double.self) == expected + expected)
      let leaf = a.requiringGrad()
      f(leaf).backward()
      #expect(leaf.grad?.scalars(as: Double.self) == expected)
    }
    // Σ λᵢ² = ‖a‖²: gradient 2·a, to rounding of the eigenvectors (relative 1e-14 ≈ 50 ε).
    let squares = grad(of: { (a: Tensor) in (Linalg.eigh(a).eigenvalues * Linalg.eigh(a).eigenvalues).sum() })(repeated)
    expectAgreement(squares, 2 * repeated, tolerance: 1e-14)
  }

  /// The gradient of the sum of singular values (the nuclear norm) is `U·Vᵀ`: the identity at
  /// the identity, exactly; `sign` of the diagonal for a diagonal matrix with repeated and zero
  /// singular values (tall and wide too).
  @Test func singularValueGradientIsExactAtRepeatedSingularValues() {
    let f = { (a: Tensor) in Linalg.svd(a).s.sum() }
    let identity = Tensor.eye(4, dtype: .float64)
    #expect(grad(of: f)(identity).scalars(as: Double.self) == identity.scalars(as: Double.self))
    #expect(jit(grad(of: f))(identity).scalars(as: Double.self) == identity.scalars(as: Double.self))
    let zeroVectors = { (a: Tensor) in
      let (u, s, vt) = Linalg.svd(a)
      return s.sum() + 0 * (u.sum() + vt.sum())
    }
    #expect(grad(of: zeroVectors)(identity).scalars(as: Double.self) == identity.scalars(as: Double.self))
    let tall = Tensor([-2.0, 0, 0, 2, 0, 0], shape: [3, 2])
    let gradient = grad(of: f)(tall)
    #expect(gradient.scalars(as: Double.self).allSatisfy { $0.isFinite })
    expectAgreement(gradient, Tensor([-1.0, 0, 0, 1, 0, 0], shape: [3, 2]), tolerance: 1e-15)
    let leaf = identity.requiringGrad()
    f(leaf).backward()
    #expect(leaf.grad?.scalars(as: Double.self) == identity.scalars(as: Double.self))
  }

  /// The pseudo-inverse needs no singular vectors for its derivative: at the identity the
  /// gradient of `pinv(a).sum()` is `−1` everywhere (from d(a⁻¹) = −a⁻¹·da·a⁻¹), exactly.
  @Test func pinvGradientIsExactAtTheIdentity() {
    let gradient = grad(of: { (a: Tensor) in Linalg.pinv(a).sum() })(Tensor.eye(3, dtype: .float64))
    #expect(gradient.scalars(as: Double.self) == [Double](repeating: -1, count: 9))
  }

  /// Eigenvectors are not differentiable at a repeated eigenvalue: a function of one eigenvector
  /// gets a non-finite gradient there, never a finite wrong one (documented on `Linalg.eigh`).
  @Test func eigenvectorGradientAtARepeatedEigenvalueIsNotFinite() {
    let f = { (a: Tensor) in (Linalg.eigh(a).eigenvectors * Tensor([1.0, 2, 3])).sum() }
    let gradient = grad(of: f)(Tensor.eye(3, dtype: .float64))
    #expect(gradient.scalars(as: Double.self).contains { !$0.isFinite })
  }

  /// `vmap` of the decompositions against a loop over the examples (the same kernel runs on each
  /// matrix, so the results agree to the last bit; 0 tolerance would hold, 1e-15 allows for
  /// nothing but a reordered sum in the sign-invariant features).
  @Test func vmapMatchesLoop() {
    let batch = stacked((0..<3).map { Self.matrix($0, [4, 3], diagonal: [3, 2, 1]) })
    let functions: [(String, (Tensor) -> Tensor)] = [
      ("svd", Self.svdFeatures), ("pinv", { Linalg.pinv($0) }),
      ("qr", { let (q, r) = Linalg.qr($0); return concatenated([q.flattened(), r.flattened()]) }),
      ("expm", { Linalg.expm(matmul($0.swappingAxes(-1, -2), $0)) }),
      ("eigh", { Self.eighFeatures(matmul($0.swappingAxes(-1, -2), $0)) }),
    ]
    for (name, f) in functions {
      let batched = vmap(of: f)(batch)
      let looped = stacked((0..<3).map { f(batch[$0]) })
      expectAgreement(batched, looped, tolerance: 1e-15, name)
    }
  }

  /// `lstsq` of rank-deficient matrices (tall, wide, batched, vector right-hand side) is the
  /// minimum-norm solution `pinv(a)·b`, though computed without the pseudo-inverse.
  ///
  /// Tolerance: both are backward stable, so they differ by at most the least-squares problem's
  /// sensitivity `κ²·ε` (Golub & Van Loan §5.3.8), κ = s_max/s_rank measured here, with the
  /// factor 10·(m + n) for the backward errors' growth.
  @Test(arguments: [[6, 4], [4, 6], [2, 5, 4]])
  func lstsqOfRankDeficientMatricesIsTheMinimumNormSolution(_ shape: [Int]) {
    let (m, n, rank) = (shape[shape.count - 2], shape[shape.count - 1], 2)
    let batch = Array(shape.dropLast(2))
    let keys = Random.split(Random.key(7), count: 3)
    let a = matmul(
      Random.uniform(keys[0], shape: batch + [m, rank], dtype: .float64), Random.uniform(keys[1], shape: batch + [rank, n], dtype: .float64))
    for b in [Random.uniform(keys[2], shape: batch + [m, 3], dtype: .float64), Random.uniform(keys[2], shape: [m], dtype: .float64)] {
      let x = Linalg.lstsq(a, b)
      let expected = matmul(Linalg.pinv(a), b)
      let s = Linalg.svd(a).s.scalars(as: Double.self)
      let k = min(m, n)
      let condition = (0..<(s.count / k)).map { s[$0 * k] / s[$0 * k + rank - 1] }.max()!
      let bound = 10 * Double(m + n) * condition * condition * Double.ulpOfOne
      let difference = ((x - expected) * (x - expected)).sum().item(as: Double.self).squareRoot()
      let error = difference / (expected * expected).sum().item(as: Double.self).squareRoot()
      #expect(x.shape == expected.shape && error <= bound, "lstsq \(shape) b \(b.shape): relative difference \(error)")
    }
  }

  /// Bad shapes and integer inputs are errors naming the operation and the type.
  @Test func badShapesAreErrors() {
    #expect(throws: OlympusError.self) { try withErrorChecking { _ = Linalg.eigh(Tensor.zeros([2, 3], dtype: .float64)).eigenvalues } }
    #expect(throws: OlympusError.self) { try withErrorChecking { _ = Linalg.svd(Tensor.zeros([3], dtype: .float64)).s } }
    #expect(throws: OlympusError.self) { try withErrorChecking { _ = Linalg.lstsq(Tensor.zeros([3, 2]), Tensor.zeros([4, 1])) } }
    #expect(throws: OlympusError.self) { try withErrorChecking { _ = Linalg.pinv(Tensor([2, 1, 1, 2] as [Int], shape: [2, 2])) } }
  }
}
