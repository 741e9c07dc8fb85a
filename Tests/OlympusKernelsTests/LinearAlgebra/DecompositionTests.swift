import OlympusKernels
import Testing

/// The built-in decompositions' backward errors and orthogonality.
///
/// Tolerance: the acceptance bound 10·n·ε (n the larger dimension, ε the element type's
/// ulpOfOne) on the backward errors `‖A − QR‖/‖A‖`, `‖A − UΣVᵀ‖/‖A‖`, `‖AV − VΛ‖/‖A‖` in the
/// Frobenius norm, and on the loss of orthogonality `‖QᵀQ − I‖₂`: Householder and Jacobi methods
/// are backward stable with errors that grow at most linearly in n (Higham, Accuracy and
/// Stability, ch. 19). (The Jacobi SVD's accumulated factor measures up to about 25·n·ε in the
/// Frobenius norm at n = 500, and about 2·n·ε in the 2-norm.)
/// Every check runs on the built-in routines and, when one loads, on the system LAPACK.
@Suite("Decompositions")
struct DecompositionTests {
  static var backends: [Factorization.Backend] {
    [.builtIn] + (Factorization.systemLAPACK.map { [$0] } ?? [])
  }

  static let shapes: [(m: Int, n: Int)] = [(1, 1), (2, 2), (5, 3), (3, 5), (17, 17), (64, 40), (40, 64), (120, 120)]

  /// The bound for a problem of size n in type `T`.
  static func bound<T: BinaryFloatingPoint>(_: T.Type, _ n: Int) -> Double { 10 * Double(max(n, 1)) * Double(T.ulpOfOne) }

  /// The matrix rounded to `T`, and its float64 copy after rounding (the exact input).
  static func input<T: BinaryFloatingPoint>(_: T.Type, _ a: [Double]) -> ([T], [Double]) {
    let rounded = a.map { T($0) }
    return (rounded, rounded.map { Double($0) })
  }

  func checkQR<T: BinaryFloatingPoint>(
    _ type: T.Type, _ scalar: ScalarType, _ kind: TestMatrix.Kind, m: Int, n: Int, seed: UInt64, _ backend: Factorization.Backend
  ) {
    let k = min(m, n)
    let (a, exact) = Self.input(T.self, TestMatrix.make(kind, m: m, n: n, seed: seed))
    var q = [T](repeating: .nan, count: m * k)
    var r = [T](repeating: .nan, count: k * n)
    a.withUnsafeBytes { a in
      q.withUnsafeMutableBytes { q in
        r.withUnsafeMutableBytes { r in
          Decomposition.qr(scalar, a.baseAddress!, batch: 1, m: m, n: n, q: q.baseAddress!, r: r.baseAddress!, backend: backend)
        }
      }
    }
    let (qd, rd) = (q.map { Double($0) }, r.map { Double($0) })
    let bound = Self.bound(T.self, max(m, n))
    let residual = Dense.distance(Dense.multiply(qd, rd, m: m, k: k, n: n), exact) / max(Dense.norm(exact), .leastNormalMagnitude)
    #expect(residual <= bound, "qr \(backend) \(kind) \(m)×\(n) \(T.self): backward error \(residual)")
    #expect(Dense.orthogonalityError(qd, m: m, k: k) <= bound, "qr \(backend) \(kind) \(m)×\(n) \(T.self): Q not orthonormal")
    for i in 0..<k {
      for j in 0..<i { #expect(rd[i * n + j] == 0, "qr: R not upper triangular") }
    }
  }

  func checkEigen<T: BinaryFloatingPoint>(
    _ type: T.Type, _ scalar: ScalarType, _ kind: TestMatrix.Kind, n: Int, seed: UInt64, _ backend: Factorization.Backend
  ) {
    let (a, exact) = Self.input(T.self, TestMatrix.make(kind, m: n, n: n, symmetric: true, seed: seed))
    var values = [T](repeating: .nan, count: n)
    var vectors = [T](repeating: .nan, count: n * n)
    a.withUnsafeBytes { a in
      values.withUnsafeMutableBytes { w in
        vectors.withUnsafeMutableBytes { v in
          Decomposition.symmetricEigen(scalar, a.baseAddress!, batch: 1, n: n, values: w.baseAddress!, vectors: v.baseAddress!, backend: backend)
        }
      }
    }
    let (w, v) = (values.map { Double($0) }, vectors.map { Double($0) })
    let av = Dense.multiply(exact, v, m: n, k: n, n: n)
    let vw = (0..<(n * n)).map { v[$0] * w[$0 % n] }
    let bound = Self.bound(T.self, n)
    let residual = Dense.distance(av, vw) / max(Dense.norm(exact), .leastNormalMagnitude)
    #expect(residual <= bound, "eigh \(backend) \(kind) \(n) \(T.self): backward error \(residual)")
    #expect(Dense.orthogonalityError(v, m: n, k: n) <= bound, "eigh \(backend) \(kind) \(n) \(T.self): V not orthonormal")
    #expect(zip(w, w.dropFirst()).allSatisfy { $0 <= $1 }, "eigh: eigenvalues not ascending")
  }

  func checkSVD<T: BinaryFloatingPoint>(
    _ type: T.Type, _ scalar: ScalarType, _ kind: TestMatrix.Kind, m: Int, n: Int, seed: UInt64, _ backend: Factorization.Backend
  ) {
    let k = min(m, n)
    let (a, exact) = Self.input(T.self, TestMatrix.make(kind, m: m, n: n, seed: seed))
    var u = [T](repeating: .nan, count: m * k)
    var s = [T](repeating: .nan, count: k)
    var vt = [T](repeating: .nan, count: k * n)
    a.withUnsafeBytes { a in
      u.withUnsafeMutableBytes { u in
        s.withUnsafeMutableBytes { s in
          vt.withUnsafeMutableBytes { vt in
            Decomposition.svd(scalar, a.baseAddress!, batch: 1, m: m, n: n, u: u.baseAddress!, s: s.baseAddress!, vt: vt.baseAddress!, backend: backend)
          }
        }
      }
    }
    let (ud, sd, vtd) = (u.map { Double($0) }, s.map { Double($0) }, vt.map { Double($0) })
    let us = (0..<(m * k)).map { ud[$0] * sd[$0 % k] }
    let bound = Self.bound(T.self, max(m, n))
    let residual = Dense.distance(Dense.multiply(us, vtd, m: m, k: k, n: n), exact) / max(Dense.norm(exact), .leastNormalMagnitude)
    #expect(residual <= bound, "svd \(backend) \(kind) \(m)×\(n) \(T.self): backward error \(residual)")
    #expect(Dense.orthogonalityError(ud, m: m, k: k) <= bound, "svd \(backend) \(kind) \(m)×\(n) \(T.self): U not orthonormal")
    let v = (0..<(n * k)).map { vtd[($0 % k) * n + $0 / k] }
    #expect(Dense.orthogonalityError(v, m: n, k: k) <= bound, "svd \(backend) \(kind) \(m)×\(n) \(T.self): V not orthonormal")
    #expect(zip(sd, sd.dropFirst()).allSatisfy { $0 >= $1 } && sd.allSatisfy { $0 >= 0 }, "svd: s not descending")
  }

  @Test(arguments: TestMatrix.Kind.allCases)
  func qrIsBackwardStable(_ kind: TestMatrix.Kind) {
    for backend in Self.backends {
      for (index, shape) in Self.shapes.enumerated() {
        checkQR(Double.self, .float64, kind, m: shape.m, n: shape.n, seed: UInt64(index), backend)
        checkQR(Float.self, .float32, kind, m: shape.m, n: shape.n, seed: UInt64(index), backend)
      }
      checkQR(Double.self, .float64, kind, m: 500, n: 500, seed: 7, backend)
    }
  }

  @Test(arguments: TestMatrix.Kind.allCases)
  func symmetricEigenIsBackwardStable(_ kind: TestMatrix.Kind) {
    for backend in Self.backends {
      for (index, n) in [1, 2, 3, 17, 64, 120].enumerated() {
        checkEigen(Double.self, .float64, kind, n: n, seed: UInt64(index), backend)
        checkEigen(Float.self, .float32, kind, n: n, seed: UInt64(index), backend)
      }
      checkEigen(Double.self, .float64, kind, n: 500, seed: 7, backend)
    }
  }

  @Test(arguments: TestMatrix.Kind.allCases)
  func svdIsBackwardStable(_ kind: TestMatrix.Kind) {
    for backend in Self.backends {
      for (index, shape) in Self.shapes.enumerated() {
        checkSVD(Double.self, .float64, kind, m: shape.m, n: shape.n, seed: UInt64(index), backend)
        checkSVD(Float.self, .float32, kind, m: shape.m, n: shape.n, seed: UInt64(index), backend)
      }
      checkSVD(Double.self, .float64, kind, m: 500, n: 500, seed: 7, backend)
    }
  }

  /// Says which backends ran, so a machine without LAPACK shows it in the log.
  @Test func reportsTheBackends() {
    if Factorization.systemLAPACK == nil {
      print("Decompositions: no system LAPACK loaded; only the built-in routines were tested")
    }
    #expect(Self.backends.first == .builtIn)
  }

  /// Repeated and zero eigenvalues and singular values: the identity, the zero matrix and a
  /// rank-one matrix still give orthonormal factors.
  @Test func degenerateMatrices() {
    let n = 6
    var identity = [Double](repeating: 0, count: n * n)
    for i in 0..<n { identity[i * n + i] = 1 }
    let zero = [Double](repeating: 0, count: n * n)
    let ones = [Double](repeating: 1, count: n * n)
    for (name, a) in [("identity", identity), ("zero", zero), ("rank one", ones)] {
      var w = [Double](repeating: .nan, count: n)
      var v = [Double](repeating: .nan, count: n * n)
      var u = [Double](repeating: .nan, count: n * n)
      var s = [Double](repeating: .nan, count: n)
      var vt = [Double](repeating: .nan, count: n * n)
      for backend in Self.backends {
        Decomposition.symmetricEigen(.float64, a, batch: 1, n: n, values: &w, vectors: &v, backend: backend)
        Decomposition.svd(.float64, a, batch: 1, m: n, n: n, u: &u, s: &s, vt: &vt, backend: backend)
        let bound = Self.bound(Double.self, n)
        #expect(Dense.orthogonalityError(v, m: n, k: n) <= bound, "eigh \(backend) \(name)")
        #expect(Dense.orthogonalityError(u, m: n, k: n) <= bound, "svd U \(backend) \(name)")
        #expect(Dense.orthogonalityError(vt, m: n, k: n) <= bound, "svd Vᵀ \(backend) \(name)")
        let us = (0..<(n * n)).map { u[$0] * s[$0 % n] }
        #expect(Dense.distance(Dense.multiply(us, vt, m: n, k: n, n: n), a) <= bound * max(Dense.norm(a), 1), "svd \(backend) \(name)")
      }
    }
  }

  /// Least squares on both backends is `pinv(a)·b`: full-rank tall and wide matrices (the
  /// least-squares and the minimum-norm solution) and rank-deficient ones (both at once).
  ///
  /// Tolerance: both sides are backward stable, so they differ by at most the problem's
  /// sensitivity, `κ²·ε` relative for least squares with a residual (Golub & Van Loan §5.3.8),
  /// with κ = s_max/s_rank measured here; the factor 10·(m + n) is the backward errors' growth.
  @Test func leastSquaresIsThePseudoInverseSolution() {
    for backend in Self.backends {
      for (index, (m, n, rank)) in [(1, 1, 1), (6, 4, 4), (4, 6, 4), (7, 5, 2), (5, 7, 3), (40, 30, 30)].enumerated() {
        let seed = UInt64(60 + index)
        let a = Dense.multiply(
          TestMatrix.make(.random, m: m, n: rank, seed: seed), TestMatrix.make(.random, m: rank, n: n, seed: seed + 100),
          m: m, k: rank, n: n)
        let k = 3
        let b = TestMatrix.make(.random, m: m, n: k, seed: seed + 200)
        var x = [Double](repeating: .nan, count: n * k)
        Decomposition.leastSquares(.float64, a, b, batch: 1, m: m, n: n, k: k, x: &x, backend: backend)
        var inverse = [Double](repeating: .nan, count: n * m)
        Decomposition.pseudoInverse(.float64, a, batch: 1, m: m, n: n, output: &inverse, backend: .builtIn)
        let expected = Dense.multiply(inverse, b, m: n, k: m, n: k)
        var (u, s, vt) = ([Double](repeating: 0, count: m * min(m, n)), [Double](repeating: 0, count: min(m, n)), [Double](repeating: 0, count: min(m, n) * n))
        Decomposition.svd(.float64, a, batch: 1, m: m, n: n, u: &u, s: &s, vt: &vt, backend: .builtIn)
        let condition = s[0] / s[rank - 1]
        let bound = 10 * Double(m + n) * condition * condition * Double.ulpOfOne
        let error = Dense.distance(x, expected) / Dense.norm(expected)
        #expect(error <= bound, "lstsq \(backend) \(m)×\(n) rank \(rank): relative difference \(error) from pinv(a)·b")
      }
    }
  }

  /// A batch gives each matrix's own decomposition.
  @Test func batchesMatchSingleMatrices() {
    let (batch, m, n) = (5, 7, 4)
    let a = (0..<batch).flatMap { TestMatrix.make(.random, m: m, n: n, seed: UInt64(40 + $0)) }
    var s = [Double](repeating: .nan, count: batch * n)
    var u = [Double](repeating: .nan, count: batch * m * n)
    var vt = [Double](repeating: .nan, count: batch * n * n)
    Decomposition.svd(.float64, a, batch: batch, m: m, n: n, u: &u, s: &s, vt: &vt)
    for index in 0..<batch {
      var single = [Double](repeating: .nan, count: n)
      var u1 = [Double](repeating: .nan, count: m * n)
      var vt1 = [Double](repeating: .nan, count: n * n)
      Array(a[(index * m * n)..<((index + 1) * m * n)]).withUnsafeBytes { a1 in
        Decomposition.svd(.float64, a1.baseAddress!, batch: 1, m: m, n: n, u: &u1, s: &single, vt: &vt1)
      }
      #expect(Array(s[(index * n)..<((index + 1) * n)]) == single)
    }
  }

  /// Non-finite inputs give NaN, not a hang or a crash.
  @Test func nonFiniteInputsGiveNaN() {
    let a: [Double] = [1, .nan, 2, 3]
    var w = [Double](repeating: 0, count: 2)
    var v = [Double](repeating: 0, count: 4)
    Decomposition.symmetricEigen(.float64, a, batch: 1, n: 2, values: &w, vectors: &v)
    #expect(w.allSatisfy { $0.isNaN } && v.allSatisfy { $0.isNaN })
    var u = [Double](repeating: 0, count: 4)
    var s = [Double](repeating: 0, count: 2)
    var vt = [Double](repeating: 0, count: 4)
    Decomposition.svd(.float64, [1, .infinity, 2, 3], batch: 1, m: 2, n: 2, u: &u, s: &s, vt: &vt)
    #expect(s.allSatisfy { $0.isNaN })
  }
}
