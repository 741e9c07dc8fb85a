/// The singular value decomposition by one-sided Jacobi rotations (Hestenes; Demmel & Veselić
/// 1992) preconditioned by the eigenvectors of the Gram matrix: with B = a (m ≥ n) or aᵀ, the
/// eigenvectors V of BᵀB (divide and conquer, `SymmetricEigen`) make the columns of W = B·V
/// orthogonal up to the Gram matrix's rounding, so the rotations that finish the job converge in
/// two or three sweeps. The rotations themselves keep the method backward stable and the singular
/// vectors orthogonal to rounding; both products and the eigendecomposition run on the built-in
/// GEMM.
enum JacobiSVD {
  /// Decomposes the row-major `m × n` matrix `a` into `u` (`m × k`), `s` (`k`, descending) and
  /// `vt` (`k × n`), `k = min(m, n)`, all row-major. Returns `false` (and writes NaN) when the
  /// sweeps do not converge, which only non-finite inputs cause in practice.
  @discardableResult
  static func decompose<T: BinaryFloatingPoint>(
    _ a: UnsafePointer<T>, m: Int, n: Int, u: UnsafeMutablePointer<T>, s: UnsafeMutablePointer<T>,
    vt: UnsafeMutablePointer<T>
  ) -> Bool {
    let k = min(m, n)
    guard k > 0 else { return true }
    func fail() -> Bool {
      u.update(repeating: .nan, count: m * k)
      s.update(repeating: .nan, count: k)
      vt.update(repeating: .nan, count: k * n)
      return false
    }
    // B = a (m ≥ n) or aᵀ (m < n) is `length × k` with length ≥ k; its columns are stored as
    // the rows of `columns`.
    let length = max(m, n)
    var largest: T = 0
    for i in 0..<(m * n) { largest = max(largest, abs(a[i])) }
    guard largest.isFinite else { return fail() }
    let scale: T = largest > 0 ? 1 / largest : 1
    let columns = UnsafeMutablePointer<T>.allocate(capacity: k * length)
    defer { columns.deallocate() }
    for i in 0..<m {
      for j in 0..<n {
        let value = a[i * n + j] * scale
        if m >= n { columns[j * m + i] = value } else { columns[i * n + j] = value }
      }
    }
    // G = BᵀB = V·Λ·Vᵀ; the rows of `rows` are the columns of W = B·V, those of `basis` V's
    // columns, rotated alike: at convergence B·(V·J) = X with orthogonal columns, so
    // B = (X's normalized columns)·Σ·(V·J)ᵀ.
    let type: ScalarType = T.self == Float.self ? .float32 : .float64
    let gram = UnsafeMutablePointer<T>.allocate(capacity: k * k)
    defer { gram.deallocate() }
    MatrixMultiply.multiply(
      type, transposeA: false, transposeB: true, m: k, n: k, k: length, a: UnsafeRawPointer(columns), lda: length,
      b: UnsafeRawPointer(columns), ldb: length, c: UnsafeMutableRawPointer(gram), ldc: k, backend: .builtIn)
    let vectors = UnsafeMutablePointer<T>.allocate(capacity: k * k)
    defer { vectors.deallocate() }
    var eigenvalues = [T](repeating: 0, count: k)
    guard eigenvalues.withUnsafeMutableBufferPointer({ SymmetricEigen.decompose(gram, n: k, values: $0.baseAddress!, vectors: vectors) })
    else { return fail() }
    let rows = UnsafeMutablePointer<T>.allocate(capacity: k * length)
    defer { rows.deallocate() }
    MatrixMultiply.multiply(
      type, transposeA: true, transposeB: false, m: k, n: length, k: k, a: UnsafeRawPointer(vectors), lda: k,
      b: UnsafeRawPointer(columns), ldb: length, c: UnsafeMutableRawPointer(rows), ldc: length, backend: .builtIn)
    let basis = gram
    for i in 0..<k {
      for j in 0..<k { basis[i * k + j] = vectors[j * k + i] }
    }
    guard orthogonalize(rows, count: k, length: length, basis: basis) else { return fail() }
    var norms = (0..<k).map { Householder.norm(rows + $0 * length, count: length) }
    let order = (0..<k).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
    // Left vectors of B (rows of `left`, in descending order): the normalized columns of X;
    // those of zero singular values complete the set.
    let left = columns
    var rank = 0
    for (position, index) in order.enumerated() where norms[index] > 0 {
      let inverse = 1 / norms[index]
      for i in 0..<length { left[position * length + i] = rows[index * length + i] * inverse }
      rank = position + 1
    }
    complete(left, rank: rank, count: k, length: length)
    norms = order.map { norms[$0] * largest.nonzeroOrOne }
    for j in 0..<k { s[j] = norms[j] }
    // m ≥ n: u = left vectors of B, vt = rows of `basis`; m < n: a = Bᵀ swaps them.
    for (position, index) in order.enumerated() {
      for i in 0..<k {
        let value = basis[index * k + i]
        if m >= n { vt[position * n + i] = value } else { u[i * k + position] = value }
      }
      for i in 0..<length {
        if m >= n { u[i * k + position] = left[position * length + i] } else { vt[position * n + i] = left[position * length + i] }
      }
    }
    return true
  }

  /// Rotates pairs of the `count` rows (of `length` elements) of `work` until every pair is
  /// orthogonal to working precision, applying the same rotations to the rows of `basis`.
  /// Returns `false` when 60 sweeps do not suffice.
  private static func orthogonalize<T: BinaryFloatingPoint>(
    _ work: UnsafeMutablePointer<T>, count: Int, length: Int, basis: UnsafeMutablePointer<T>
  ) -> Bool {
    let tolerance = T(length).squareRoot() * T.ulpOfOne
    let floor = T.leastNormalMagnitude / T.ulpOfOne
    // Squared row norms, computed afresh for every sweep and for each rotated pair.
    var squares = (0..<count).map { Householder.dot(work + $0 * length, work + $0 * length, length) }
    for sweep in 0..<60 {
      var rotated = false
      if sweep > 0 {
        for p in 0..<count { squares[p] = Householder.dot(work + p * length, work + p * length, length) }
      }
      for p in 0..<count {
        for q in (p + 1)..<max(count, p + 1) {
          let (x, y) = (work + p * length, work + q * length)
          let (alpha, beta) = (squares[p], squares[q])
          // Pairs whose products fall below the normal range have no reliable inner product; they
          // are far below the backward error and left alone (this bounds the sweeps).
          let scale = alpha.squareRoot() * beta.squareRoot()
          guard scale > floor else { continue }
          let gamma = Householder.dot(x, y, length)
          guard abs(gamma) > tolerance * scale else { continue }
          rotated = true
          // The rotation that diagonalizes [[α, γ], [γ, β]] (the smaller angle).
          let zeta = (beta - alpha) / (2 * gamma)
          let t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
          let c = 1 / (1 + t * t).squareRoot()
          let s = c * t
          rotate(x, y, length, c, s)
          rotate(basis + p * count, basis + q * count, count, c, s)
          (squares[p], squares[q]) = (Householder.dot(x, x, length), Householder.dot(y, y, length))
        }
      }
      if !rotated { return true }
    }
    return false
  }

  /// `(x, y) ← (c·x − s·y, s·x + c·y)` elementwise.
  @inline(__always)
  private static func rotate<T: BinaryFloatingPoint>(
    _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ count: Int, _ c: T, _ s: T
  ) {
    for i in 0..<count {
      let (a, b) = (x[i], y[i])
      x[i] = c * a - s * b
      y[i] = s * a + c * b
    }
  }

  /// Fills rows `rank..<count` of `vectors` with unit vectors orthogonal to the rows before them
  /// (Gram–Schmidt, twice, on the coordinate vector that keeps the most of itself).
  private static func complete<T: BinaryFloatingPoint>(
    _ vectors: UnsafeMutablePointer<T>, rank: Int, count: Int, length: Int
  ) {
    guard rank < count else { return }
    var candidate = [T](repeating: 0, count: length)
    for row in rank..<count {
      var best: (norm: T, axis: Int) = (-1, 0)
      for axis in 0..<length {
        candidate.withUnsafeMutableBufferPointer { x in
          project(x.baseAddress!, axis: axis, vectors, row, length)
          let norm = Householder.norm(x.baseAddress!, count: length)
          if norm > best.norm { best = (norm, axis) }
        }
        if best.norm > 0.5 { break }
      }
      let target = vectors + row * length
      candidate.withUnsafeMutableBufferPointer { x in
        project(x.baseAddress!, axis: best.axis, vectors, row, length)
        let inverse = 1 / Householder.norm(x.baseAddress!, count: length)
        for i in 0..<length { target[i] = x[i] * inverse }
      }
    }
  }

  /// Writes to `x` the unit vector along `axis` minus its projection on the first `rows` rows of
  /// `vectors`, projected out twice.
  private static func project<T: BinaryFloatingPoint>(
    _ x: UnsafeMutablePointer<T>, axis: Int, _ vectors: UnsafePointer<T>, _ rows: Int, _ length: Int
  ) {
    x.update(repeating: 0, count: length)
    x[axis] = 1
    for _ in 0..<2 {
      for row in 0..<rows {
        let v = vectors + row * length
        var dot: T = 0
        for i in 0..<length { dot += v[i] * x[i] }
        for i in 0..<length { x[i] -= dot * v[i] }
      }
    }
  }
}
