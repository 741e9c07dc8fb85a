/// The eigendecomposition of a symmetric matrix: Householder reduction to tridiagonal form, then
/// the implicit symmetric QR iteration with Wilkinson shifts (Golub & Van Loan, algorithms 8.3.1
/// and 8.3.3). Backward stable; eigenvalues ascending.
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
    // Rows of `basis` are the eigenvectors (columns of the orthogonal factor), so that rotations
    // and reflections run over contiguous memory.
    let basis = UnsafeMutablePointer<T>.allocate(capacity: n * n)
    defer { basis.deallocate() }
    tridiagonalize(work, n: n, diagonal: &diagonal, offDiagonal: &offDiagonal, basis: basis)
    let converged = diagonal.withUnsafeMutableBufferPointer { d in
      offDiagonal.withUnsafeMutableBufferPointer { e in
        iterate(d.baseAddress!, e.baseAddress!, n: n, basis: basis)
      }
    }
    guard converged else {
      fillNaN(values, n, vectors, n * n)
      return false
    }
    // Ascending order (a stable sort of the indices).
    let order = (0..<n).sorted { diagonal[$0] < diagonal[$1] || (diagonal[$0] == diagonal[$1] && $0 < $1) }
    for (column, index) in order.enumerated() {
      values[column] = diagonal[index] * largest.nonzeroOrOne
      for i in 0..<n { vectors[i * n + column] = basis[index * n + i] }
    }
    return true
  }

  /// Reduces the symmetric `work` to `QᵀAQ = T` tridiagonal: `T`'s diagonal and off-diagonal
  /// (`offDiagonal[i] = T[i, i+1]`), and `Qᵀ` in `basis` (row-major).
  private static func tridiagonalize<T: BinaryFloatingPoint>(
    _ work: UnsafeMutablePointer<T>, n: Int, diagonal: inout [T], offDiagonal: inout [T],
    basis: UnsafeMutablePointer<T>
  ) {
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
      var pv: T = 0
      for i in 0..<size {
        let row = work + offset + i * n
        var sum: T = 0
        for j in 0..<size { sum += row[j] * v[j] }
        p[i] = tau * sum
        pv += p[i] * v[i]
      }
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
    // Q = H₀·H₁·…·H_{n−3}, built backwards from the identity; `basis` holds it transposed, so the
    // part of column c that a reflector changes (entries step+1…) is contiguous in row c. Columns
    // up to `step` are unit vectors that H_step leaves alone.
    basis.initialize(repeating: 0, count: n * n)
    for i in 0..<n { basis[i * n + i] = 1 }
    for step in stride(from: n - 3, through: 0, by: -1) where taus[step] != 0 {
      let v = UnsafePointer(work + step * n + step + 1)
      for c in (step + 1)..<n {
        Householder.apply(v, tau: taus[step], to: basis + c * n + step + 1, count: n - step - 1)
      }
    }
  }

  /// The implicit symmetric QR iteration with Wilkinson shifts on the tridiagonal `(d, e)`,
  /// rotating the rows of `basis`. On return `d` holds the eigenvalues (unordered). Returns
  /// `false` after 30·n sweeps without convergence.
  private static func iterate<T: BinaryFloatingPoint>(
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
