/// Matrix decompositions of batches of contiguous row-major matrices (`batch` matrices stored one
/// after another), in float32 or float64.
///
/// Each routine runs on the system LAPACK when one is loaded (`?geqrf`/`?orgqr`, `?syevd`,
/// `?gesdd`, `?gelsd`; `Factorization.defaultBackend`) and is otherwise built in: Householder QR,
/// divide and conquer on the tridiagonal form (`SymmetricEigen`), and one-sided Jacobi SVD
/// preconditioned by the Gram matrix's eigenvectors (computed in float64 for float32 matrices).
/// Both give backward-stable results (`OLYMPUS_DISABLE_BLAS=1` forces the built-in ones).
/// Batches are split across threads.
public enum Decomposition {
  /// The reduced QR decomposition of each `m × n` matrix: `q` (`m × k`, orthonormal columns) and
  /// `r` (`k × n`, upper triangular), `k = min(m, n)`.
  public static func qr(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, m: Int, n: Int, q: UnsafeMutableRawPointer,
    r: UnsafeMutableRawPointer, backend: Factorization.Backend = Factorization.defaultBackend
  ) {
    let k = min(m, n)
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, q, r) = (a.assumingMemoryBound(to: T.self), q.assumingMemoryBound(to: T.self), r.assumingMemoryBound(to: T.self))
      forEachMatrix(batch, cost: m * n * k) { index in
        let (a, q, r) = (a + index * m * n, q + index * m * k, r + index * k * n)
        if let lapack = library(backend), k > 0 {
          guard lapack.qr(type, a, m: m, n: n, q: q, r: r) == 0 else {
            q.update(repeating: .nan, count: m * k)
            return r.update(repeating: .nan, count: k * n)
          }
        } else {
          HouseholderQR.factor(a, m: m, n: n, q: q, r: r)
        }
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: fatalError("OlympusKernels: Olympus internal error: qr of \(type)")
    }
  }

  /// The eigendecomposition of the symmetric part `(a + aᵀ)/2` of each `n × n` matrix: eigenvalues
  /// ascending in `values` (`n` per matrix), orthonormal eigenvectors as the columns of `vectors`.
  /// A matrix whose iteration does not converge (only non-finite inputs) gets NaN.
  public static func symmetricEigen(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, n: Int, values: UnsafeMutableRawPointer,
    vectors: UnsafeMutableRawPointer, backend: Factorization.Backend = Factorization.defaultBackend
  ) {
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, values, vectors) = (
        a.assumingMemoryBound(to: T.self), values.assumingMemoryBound(to: T.self), vectors.assumingMemoryBound(to: T.self)
      )
      forEachMatrix(batch, cost: n * n * n) { index in
        let (a, values, vectors) = (a + index * n * n, values + index * n, vectors + index * n * n)
        if let lapack = library(backend), n > 0, (0..<(n * n)).allSatisfy({ a[$0].isFinite }) {
          guard lapack.symmetricEigen(type, a, n: n, values: values, vectors: vectors) == 0 else {
            values.update(repeating: .nan, count: n)
            return vectors.update(repeating: .nan, count: n * n)
          }
        } else {
          SymmetricEigen.decompose(a, n: n, values: values, vectors: vectors)
        }
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: fatalError("OlympusKernels: Olympus internal error: eigh of \(type)")
    }
  }

  /// The reduced singular value decomposition of each `m × n` matrix: `u` (`m × k`), `s` (`k`,
  /// descending, non-negative) and `vt` (`k × n`), `k = min(m, n)`. A matrix whose sweeps do not
  /// converge (only non-finite inputs) gets NaN.
  public static func svd(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, m: Int, n: Int, u: UnsafeMutableRawPointer,
    s: UnsafeMutableRawPointer, vt: UnsafeMutableRawPointer, backend: Factorization.Backend = Factorization.defaultBackend
  ) {
    let k = min(m, n)
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, u, s, vt) = (
        a.assumingMemoryBound(to: T.self), u.assumingMemoryBound(to: T.self), s.assumingMemoryBound(to: T.self),
        vt.assumingMemoryBound(to: T.self)
      )
      forEachMatrix(batch, cost: m * n * k) { index in
        singular(type, a + index * m * n, m: m, n: n, u: u + index * m * k, s: s + index * k, vt: vt + index * k * n, backend)
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: fatalError("OlympusKernels: Olympus internal error: svd of \(type)")
    }
  }

  /// The SVD of one matrix on `backend`; NaN when LAPACK reports a failure.
  private static func singular<T: BinaryFloatingPoint>(
    _ type: ScalarType, _ a: UnsafePointer<T>, m: Int, n: Int, u: UnsafeMutablePointer<T>, s: UnsafeMutablePointer<T>,
    vt: UnsafeMutablePointer<T>, _ backend: Factorization.Backend
  ) {
    let k = min(m, n)
    // Non-finite input goes to the built-in routine, which reports it as NaN (LAPACK's handling
    // of infinities differs between versions).
    guard let lapack = library(backend), k > 0, (0..<(m * n)).allSatisfy({ a[$0].isFinite }) else {
      guard T.self == Float.self else {
        JacobiSVD.decompose(a, m: m, n: n, u: u, s: s, vt: vt)
        return
      }
      // float32 runs in float64: squares of graded float32 columns leave float32's range.
      var (wideU, wideS, wideVt) = ([Double](repeating: 0, count: m * k), [Double](repeating: 0, count: k), [Double](repeating: 0, count: k * n))
      JacobiSVD.decompose((0..<(m * n)).map { Double(a[$0]) }, m: m, n: n, u: &wideU, s: &wideS, vt: &wideVt)
      for i in 0..<(m * k) { u[i] = T(wideU[i]) }
      for i in 0..<k { s[i] = T(wideS[i]) }
      for i in 0..<(k * n) { vt[i] = T(wideVt[i]) }
      return
    }
    if lapack.svd(type, a, m: m, n: n, u: u, s: s, vt: vt) != 0 {
      u.update(repeating: .nan, count: m * k)
      s.update(repeating: .nan, count: k)
      vt.update(repeating: .nan, count: k * n)
    }
  }

  /// The system LAPACK when `backend` asks for it.
  private static func library(_ backend: Factorization.Backend) -> SystemLAPACK? {
    guard case .systemLAPACK = backend else { return nil }
    guard let library = SystemLAPACK.loaded else { fatalError("OlympusKernels: no system LAPACK is loaded") }
    return library
  }

  /// Runs `body` for each matrix of the batch, on several threads when the batch holds enough
  /// work (`cost` multiply-adds per matrix, roughly).
  private static func forEachMatrix(_ batch: Int, cost: Int, _ body: (Int) -> Void) {
    let minimumChunk = max(1, (1 << 16) / max(cost, 1))
    Parallel.forEachChunk(count: batch, minimumChunk: minimumChunk) { range in
      for index in range { body(index) }
    }
  }
}

extension Decomposition {
  /// The Moore–Penrose pseudo-inverse of each `m × n` matrix into `output` (`n × m` each), from its
  /// singular value decomposition: singular values at most `max(m, n)·ε·s_max` count as zero (the
  /// cutoff of NumPy's `lstsq` and LAPACK's `gelsd` by default).
  public static func pseudoInverse(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, m: Int, n: Int, output: UnsafeMutableRawPointer,
    backend: Factorization.Backend = Factorization.defaultBackend
  ) {
    let k = min(m, n)
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, output) = (a.assumingMemoryBound(to: T.self), output.assumingMemoryBound(to: T.self))
      forEachMatrix(batch, cost: m * n * k) { index in
        let target = output + index * n * m
        guard k > 0 else { return target.update(repeating: 0, count: n * m) }
        var (u, s, vt) = ([T](repeating: 0, count: m * k), [T](repeating: 0, count: k), [T](repeating: 0, count: k * n))
        singular(type, a + index * m * n, m: m, n: n, u: &u, s: &s, vt: &vt, backend)
        let cutoff = T(max(m, n)) * T.ulpOfOne * s[0]
        let inverses = s.map { $0 > cutoff ? 1 / $0 : ($0.isNaN ? $0 : 0) }
        // output[i, j] = Σₗ vt[l, i]·s⁺[l]·u[j, l]
        target.update(repeating: 0, count: n * m)
        for l in 0..<k where inverses[l] != 0 {
          for i in 0..<n {
            let scaled = vt[l * n + i] * inverses[l]
            for j in 0..<m { target[i * m + j] += scaled * u[j * k + l] }
          }
        }
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: fatalError("OlympusKernels: Olympus internal error: pinv of \(type)")
    }
  }
}

extension Decomposition {
  /// The minimum-norm least-squares solution `x` (`n × k`) of `a·x ≈ b` for each `m × n` matrix
  /// `a` and `m × k` matrix `b` of the batch: `pinv(a)·b` with the cutoff of `pseudoInverse`
  /// (singular values at most `max(m, n)·ε·s_max` count as zero), by LAPACK's `?gelsd` when it is
  /// loaded, otherwise from the built-in SVD as `V·Σ⁺·(Uᵀ·b)`.
  public static func leastSquares(
    _ type: ScalarType, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, batch: Int, m: Int, n: Int, k: Int,
    x: UnsafeMutableRawPointer, backend: Factorization.Backend = Factorization.defaultBackend
  ) {
    let rank = min(m, n)
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, b, x) = (a.assumingMemoryBound(to: T.self), b.assumingMemoryBound(to: T.self), x.assumingMemoryBound(to: T.self))
      let cutoff = T(max(m, n)) * T.ulpOfOne
      forEachMatrix(batch, cost: m * n * max(rank, k)) { index in
        let (a, b, x) = (a + index * m * n, b + index * m * k, x + index * n * k)
        guard rank > 0, k > 0 else { return x.update(repeating: 0, count: n * k) }
        if let lapack = library(backend), (0..<(m * n)).allSatisfy({ a[$0].isFinite }) {
          if lapack.leastSquares(type, a, b, m: m, n: n, k: k, rcond: Double(cutoff), x: x) != 0 {
            x.update(repeating: .nan, count: n * k)
          }
          return
        }
        var (u, s, vt) = ([T](repeating: 0, count: m * rank), [T](repeating: 0, count: rank), [T](repeating: 0, count: rank * n))
        singular(type, a, m: m, n: n, u: &u, s: &s, vt: &vt, .builtIn)
        // t = Σ⁺·Uᵀ·b (rank × k), then x = Vᵀᵀ·t.
        var t = [T](repeating: 0, count: rank * k)
        for l in 0..<rank {
          let inverse = s[l] > cutoff * s[0] ? 1 / s[l] : (s[l].isNaN ? s[l] : 0)
          guard inverse != 0 else { continue }
          for i in 0..<m {
            let weight = u[i * rank + l] * inverse
            for j in 0..<k { t[l * k + j] += weight * b[i * k + j] }
          }
        }
        x.update(repeating: 0, count: n * k)
        for l in 0..<rank {
          for i in 0..<n {
            let weight = vt[l * n + i]
            for j in 0..<k { x[i * k + j] += weight * t[l * k + j] }
          }
        }
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: fatalError("OlympusKernels: Olympus internal error: lstsq of \(type)")
    }
  }
}
