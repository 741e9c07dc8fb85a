/// The eigendecomposition of a symmetric matrix: Householder reduction to tridiagonal form
/// (Golub & Van Loan, algorithm 8.3.1), divide and conquer on the tridiagonal matrix
/// (`TridiagonalEigen`, whose small blocks take the implicit symmetric QR iteration with Wilkinson
/// shifts, algorithm 8.3.3), and the reduction's reflectors multiplied into the eigenvectors.
/// Backward stable; eigenvalues ascending.
enum SymmetricEigen {
  /// Decomposes the symmetric part `(a + aᵀ)/2` of the row-major `n × n` matrix `a`: writes the
  /// eigenvalues ascending to `values` and the orthonormal eigenvectors as the columns of the
  /// row-major `vectors`. Returns `false` (and writes NaN) when the iteration does not converge,
  /// which only non-finite inputs cause in practice.
  @discardableResult
  static func decompose<T: BinaryFloatingPoint>(
    _ a: UnsafePointer<T>, n: Int, values: UnsafeMutablePointer<T>, vectors: UnsafeMutablePointer<T>
  ) -> Bool {
    guard n > 0 else { return true }
    // Scaling by the largest element keeps squares away from overflow and underflow.
    var largest: T = 0
    for i in 0..<(n * n) { largest = max(largest, abs(a[i])) }
    guard largest.isFinite else {
      fillNaN(values, n, vectors, n * n)
      return false
    }
    let scale: T = largest > 0 ? 1 / largest : 1
    let work = UnsafeMutablePointer<T>.allocate(capacity: n * n)
    defer { work.deallocate() }
    for i in 0..<n {
      for j in 0..<n { work[i * n + j] = (a[i * n + j] + a[j * n + i]) / 2 * scale }
    }
    var diagonal = [T](repeating: 0, count: n)
    var offDiagonal = [T](repeating: 0, count: n)
    let taus = tridiagonalize(work, n: n, diagonal: &diagonal, offDiagonal: &offDiagonal)
    // The tridiagonal matrix's eigenvectors Z, then V = Q·Z.
    let converged = diagonal.withUnsafeMutableBufferPointer { d in
      offDiagonal.withUnsafeMutableBufferPointer { e in
        TridiagonalEigen.decompose(d.baseAddress!, e.baseAddress!, n: n, z: vectors, ldz: n)
      }
    }
    guard converged else {
      fillNaN(values, n, vectors, n * n)
      return false
    }
    applyReduction(work, taus: taus, n: n, to: vectors)
    for i in 0..<n { values[i] = diagonal[i] * largest.nonzeroOrOne }
    return true
  }

  /// Reduces the symmetric `work` to `QᵀAQ = T` tridiagonal, `Q = H₀·H₁·…·H_{n−3}`: writes `T`'s
  /// diagonal and off-diagonal (`offDiagonal[i] = T[i, i+1]`) and returns the reflectors' `τ`;
  /// the vector of `H_s` stays in row `s` of `work` right of column `s + 1` (its leading 1 implied).
  private static func tridiagonalize<T: BinaryFloatingPoint>(
    _ work: UnsafeMutablePointer<T>, n: Int, diagonal: inout [T], offDiagonal: inout [T]
  ) -> [T] {
    var taus = [T](repeating: 0, count: n)
    var p = [T](repeating: 0, count: n)
    for step in 0..<max(n - 2, 0) {
      // Row `step` right of the diagonal is the column below it (symmetry); it becomes `v`.
      let size = n - step - 1
      let v = work + step * n + step + 1
      let (beta, tau) = Householder.make(v, count: size)
      offDiagonal[step] = beta
      taus[step] = tau
      guard tau != 0 else { continue }
      let first = v[0]
      v[0] = 1
      // p = τ·A₂₂·v, w = p − (τ/2)(pᵀv)·v, A₂₂ −= v·wᵀ + w·vᵀ.
      let offset = (step + 1) * n + step + 1
      // A₂₂·v as a combination of A₂₂'s rows (it is symmetric): contiguous, independent updates.
      for i in 0..<size { p[i] = 0 }
      p.withUnsafeMutableBufferPointer { p in
        for i in 0..<size {
          let (row, weight) = (work + offset + i * n, tau * v[i])
          for j in 0..<size { p[j] += weight * row[j] }
        }
      }
      var pv: T = 0
      for i in 0..<size { pv += p[i] * v[i] }
      let half = tau * pv / 2
      for i in 0..<size { p[i] -= half * v[i] }
      p.withUnsafeBufferPointer { w in
        for i in 0..<size {
          let row = work + offset + i * n
          let (vi, wi) = (v[i], w[i])
          for j in 0..<size { row[j] -= vi * w[j] + wi * v[j] }
        }
      }
      v[0] = first
    }
    for i in 0..<n { diagonal[i] = work[i * n + i] }
    if n >= 2 { offDiagonal[n - 2] = work[(n - 2) * n + n - 1] }
    return taus
  }

  /// Reflectors applied together: blocks of this many make one compact WY transformation.
  static let reflectorBlock = 32

  /// `z ← Q·z` for the `n × n` row-major `z` and the reduction's `Q = H₀·…·H_{n−3}` (reflectors as
  /// `tridiagonalize` leaves them): the blocks from the last, each `I − Y·S·Yᵀ` (LAPACK's `larft`
  /// and `larfb`, Schreiber & Van Loan 1989) applied with three products on the built-in GEMM.
  private static func applyReduction<T: BinaryFloatingPoint>(
    _ reflectors: UnsafePointer<T>, taus: [T], n: Int, to z: UnsafeMutablePointer<T>
  ) {
    let count = max(n - 2, 0)
    guard count > 0 else { return }
    let block = reflectorBlock
    let type: ScalarType = T.self == Float.self ? .float32 : .float64
    let y = UnsafeMutablePointer<T>.allocate(capacity: n * block)
    let s = UnsafeMutablePointer<T>.allocate(capacity: block * block)
    let products = UnsafeMutablePointer<T>.allocate(capacity: 2 * block * n)
    let update = UnsafeMutablePointer<T>.allocate(capacity: n * n)
    defer {
      y.deallocate()
      s.deallocate()
      products.deallocate()
      update.deallocate()
    }
    var inner = [T](repeating: 0, count: block)
    for start in stride(from: ((count - 1) / block) * block, through: 0, by: -block) {
      let size = min(block, count - start)
      let (offset, length) = (start + 1, n - start - 1)
      // Y (length × size): column j is reflector start + j's vector, from row j.
      for i in 0..<length {
        for j in 0..<size {
          let step = start + j
          y[i * size + j] = i < j ? 0 : (i == j ? 1 : reflectors[step * n + step + 1 + i - j])
        }
      }
      // S upper triangular with H_start·…·H_{start+size−1} = I − Y·S·Yᵀ.
      s.update(repeating: 0, count: size * size)
      for j in 0..<size {
        let tau = taus[start + j]
        s[j * size + j] = tau
        for l in 0..<j {
          var sum: T = 0
          for i in j..<length { sum += y[i * size + l] * y[i * size + j] }
          inner[l] = sum
        }
        for r in 0..<j {
          var sum: T = 0
          for l in r..<j { sum += s[r * size + l] * inner[l] }
          s[r * size + j] = -tau * sum
        }
      }
      // z₂ −= Y·(S·(Yᵀ·z₂)), z₂ the rows the block changes.
      let rows = z + offset * n
      let (first, second) = (products, products + block * n)
      MatrixMultiply.multiply(
        type, transposeA: true, transposeB: false, m: size, n: n, k: length, a: UnsafeRawPointer(y), lda: size,
        b: UnsafeRawPointer(rows), ldb: n, c: UnsafeMutableRawPointer(first), ldc: n, backend: .builtIn)
      MatrixMultiply.multiply(
        type, transposeA: false, transposeB: false, m: size, n: n, k: size, a: UnsafeRawPointer(s), lda: size,
        b: UnsafeRawPointer(first), ldb: n, c: UnsafeMutableRawPointer(second), ldc: n, backend: .builtIn)
      MatrixMultiply.multiply(
        type, transposeA: false, transposeB: false, m: length, n: n, k: size, a: UnsafeRawPointer(y), lda: size,
        b: UnsafeRawPointer(second), ldb: n, c: UnsafeMutableRawPointer(update), ldc: n, backend: .builtIn)
      for i in 0..<(length * n) { rows[i] -= update[i] }
    }
  }

  /// The implicit symmetric QR iteration with Wilkinson shifts on the tridiagonal `(d, e)`,
  /// rotating the rows of `basis`. On return `d` holds the eigenvalues (unordered). Returns
  /// `false` after 30·n sweeps without convergence.
  static func iterate<T: BinaryFloatingPoint>(
    _ d: UnsafeMutablePointer<T>, _ e: UnsafeMutablePointer<T>, n: Int, basis: UnsafeMutablePointer<T>
  ) -> Bool {
    let epsilon = T.ulpOfOne / 2
    var high = n - 1
    var sweeps = 0
    while high > 0 {
      // Deflate: negligible couplings become zero; the trailing decoupled eigenvalue is done.
      for i in 0..<high
      where abs(e[i]) <= epsilon * (abs(d[i]) + abs(d[i + 1])) || abs(e[i]) < T.leastNormalMagnitude {
        e[i] = 0
      }
      if e[high - 1] == 0 {
        high -= 1
        continue
      }
      var low = high - 1
      while low > 0 && e[low - 1] != 0 { low -= 1 }
      sweeps += 1
      if sweeps > 30 * n { return false }
      // Wilkinson shift: the eigenvalue of the trailing 2 × 2 block nearer to its last entry.
      let delta = (d[high - 1] - d[high]) / 2
      let coupling = e[high - 1]
      let root = Householder.hypot(delta, coupling)
      let shift = d[high] - coupling * coupling / (delta + (delta >= 0 ? root : -root))
      var x = d[low] - shift
      var z = e[low]
      for k in low..<high {
        let r = Householder.hypot(x, z)
        let (c, s): (T, T) = r == 0 ? (1, 0) : (x / r, z / r)
        if k > low { e[k - 1] = r }
        let (a, b, dd) = (d[k], e[k], d[k + 1])
        d[k] = c * c * a + 2 * c * s * b + s * s * dd
        d[k + 1] = s * s * a - 2 * c * s * b + c * c * dd
        e[k] = c * s * (dd - a) + (c * c - s * s) * b
        if k + 1 < high {
          z = s * e[k + 1]
          e[k + 1] = c * e[k + 1]
          x = e[k]
        }
        let (p, q) = (basis + k * n, basis + (k + 1) * n)
        for i in 0..<n {
          let (u, w) = (p[i], q[i])
          p[i] = c * u + s * w
          q[i] = c * w - s * u
        }
      }
    }
    return true
  }

  private static func fillNaN<T: BinaryFloatingPoint>(
    _ values: UnsafeMutablePointer<T>, _ valueCount: Int, _ vectors: UnsafeMutablePointer<T>, _ vectorCount: Int
  ) {
    values.update(repeating: .nan, count: valueCount)
    vectors.update(repeating: .nan, count: vectorCount)
  }
}

extension BinaryFloatingPoint {
  /// The value, or 1 when it is zero (undoing a scaling that was skipped for a zero matrix).
  var nonzeroOrOne: Self { self == 0 ? 1 : self }
}
