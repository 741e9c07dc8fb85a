/// Matrix decompositions of batches of contiguous row-major matrices (`batch` matrices stored one
/// after another), in float32 or float64.
///
/// Every routine is built in (Householder QR, tridiagonal QR iteration, one-sided Jacobi SVD), so
/// results do not depend on which libraries the machine has. Batches are split across threads.
public enum Decomposition {
  /// The reduced QR decomposition of each `m × n` matrix: `q` (`m × k`, orthonormal columns) and
  /// `r` (`k × n`, upper triangular), `k = min(m, n)`.
  public static func qr(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, m: Int, n: Int, q: UnsafeMutableRawPointer,
    r: UnsafeMutableRawPointer
  ) {
    let k = min(m, n)
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, q, r) = (a.assumingMemoryBound(to: T.self), q.assumingMemoryBound(to: T.self), r.assumingMemoryBound(to: T.self))
      forEachMatrix(batch, cost: m * n * k) { index in
        HouseholderQR.factor(a + index * m * n, m: m, n: n, q: q + index * m * k, r: r + index * k * n)
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: preconditionFailure("Olympus internal error: qr of \(type)")
    }
  }

  /// The eigendecomposition of the symmetric part `(a + aᵀ)/2` of each `n × n` matrix: eigenvalues
  /// ascending in `values` (`n` per matrix), orthonormal eigenvectors as the columns of `vectors`.
  /// A matrix whose iteration does not converge (only non-finite inputs) gets NaN.
  public static func symmetricEigen(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, n: Int, values: UnsafeMutableRawPointer,
    vectors: UnsafeMutableRawPointer
  ) {
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, values, vectors) = (
        a.assumingMemoryBound(to: T.self), values.assumingMemoryBound(to: T.self), vectors.assumingMemoryBound(to: T.self)
      )
      forEachMatrix(batch, cost: n * n * n) { index in
        SymmetricEigen.decompose(a + index * n * n, n: n, values: values + index * n, vectors: vectors + index * n * n)
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: preconditionFailure("Olympus internal error: eigh of \(type)")
    }
  }

  /// The reduced singular value decomposition of each `m × n` matrix: `u` (`m × k`), `s` (`k`,
  /// descending, non-negative) and `vt` (`k × n`), `k = min(m, n)`. A matrix whose sweeps do not
  /// converge (only non-finite inputs) gets NaN.
  public static func svd(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, m: Int, n: Int, u: UnsafeMutableRawPointer,
    s: UnsafeMutableRawPointer, vt: UnsafeMutableRawPointer
  ) {
    let k = min(m, n)
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, u, s, vt) = (
        a.assumingMemoryBound(to: T.self), u.assumingMemoryBound(to: T.self), s.assumingMemoryBound(to: T.self),
        vt.assumingMemoryBound(to: T.self)
      )
      forEachMatrix(batch, cost: m * n * k) { index in
        JacobiSVD.decompose(
          a + index * m * n, m: m, n: n, u: u + index * m * k, s: s + index * k, vt: vt + index * k * n)
      }
    }
    switch type {
    case .float32: run(Float.self)
    case .float64: run(Double.self)
    default: preconditionFailure("Olympus internal error: svd of \(type)")
    }
  }

  /// Runs `body` for each matrix of the batch, on several threads when the batch holds enough
  /// work (`cost` multiply-adds per matrix, roughly).
  fileprivate static func forEachMatrix(_ batch: Int, cost: Int, _ body: (Int) -> Void) {
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
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, m: Int, n: Int, output: UnsafeMutableRawPointer
  ) {
    let k = min(m, n)
    func run<T: BinaryFloatingPoint>(_: T.Type) {
      let (a, output) = (a.assumingMemoryBound(to: T.self), output.assumingMemoryBound(to: T.self))
      forEachMatrix(batch, cost: m * n * k) { index in
        let target = output + index * n * m
        guard k > 0 else { return target.update(repeating: 0, count: n * m) }
        var (u, s, vt) = ([T](repeating: 0, count: m * k), [T](repeating: 0, count: k), [T](repeating: 0, count: k * n))
        JacobiSVD.decompose(a + index * m * n, m: m, n: n, u: &u, s: &s, vt: &vt)
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
    default: preconditionFailure("Olympus internal error: pinv of \(type)")
    }
  }
}
