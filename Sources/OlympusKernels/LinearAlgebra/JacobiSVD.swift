/// The singular value decomposition by one-sided Jacobi rotations (Hestenes; Demmel & Veselić
/// 1992) preconditioned by a QR decomposition with column pivoting (Drmač & Veselić 2008): the
/// rows of `R` are rotated until mutually orthogonal, which takes few sweeps after pivoting, so
/// singular vectors come out orthogonal to rounding and small singular values with high relative
/// accuracy.
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
    // B·P = Q·R. The Jacobi rotations act on the columns of Rᵀ (the rows of R):
    // Rᵀ·W = X with orthogonal columns, so R = W·Σ·Uᵀ with U = X's normalized columns, and
    // B = (Q·W)·Σ·(P·U)ᵀ.
    let reflectors = HouseholderQR.reduce(columns, length: length, count: k, pivoting: true)
    let rows = UnsafeMutablePointer<T>.allocate(capacity: k * k)
    defer { rows.deallocate() }
    reflectors.upperTriangle(columns, length: length, count: k, into: rows)
    let rotations = UnsafeMutablePointer<T>.allocate(capacity: k * k)
    defer { rotations.deallocate() }
    rotations.initialize(repeating: 0, count: k * k)
    for i in 0..<k { rotations[i * k + i] = 1 }
    guard orthogonalize(rows, count: k, length: k, basis: rotations) else { return fail() }
    var norms = (0..<k).map { Householder.norm(rows + $0 * k, count: k) }
    let order = (0..<k).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
    // Right vectors of R (rows of `right`, in descending order): the normalized columns of Rᵀ·W;
    // those of zero singular values complete the set.
    let right = UnsafeMutablePointer<T>.allocate(capacity: k * k)
    defer { right.deallocate() }
    var rank = 0
    for (position, index) in order.enumerated() where norms[index] > 0 {
      let inverse = 1 / norms[index]
      for i in 0..<k { right[position * k + i] = rows[index * k + i] * inverse }
      rank = position + 1
    }
    complete(right, rank: rank, count: k, length: k)
    norms = order.map { norms[$0] * largest.nonzeroOrOne }
    for j in 0..<k { s[j] = norms[j] }
    // Left vectors of B: Q·W, column j = Q·(row order[j] of `rotations`), as rows of `left`.
    let q = UnsafeMutablePointer<T>.allocate(capacity: k * length)
    defer { q.deallocate() }
    reflectors.orthonormalColumns(columns, length: length, into: q)
    let left = UnsafeMutablePointer<T>.allocate(capacity: k * length)
    defer { left.deallocate() }
    left.initialize(repeating: 0, count: k * length)
    for (position, index) in order.enumerated() {
      let target = left + position * length
      for l in 0..<k {
        let weight = rotations[index * k + l]
        let source = q + l * length
        for i in 0..<length { target[i] += weight * source[i] }
      }
    }
    // Right vectors of B: P·U, row permutation[i] of it is row i of U.
    for position in 0..<k {
      for i in 0..<k {
        let value = right[position * k + i]
        let row = reflectors.permutation[i]
        // m ≥ n: u = left (columns), vt = right vectors of B as rows; m < n: a = Bᵀ swaps them.
        if m >= n { vt[position * n + row] = value } else { u[row * k + position] = value }
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
    for _ in 0..<60 {
      var rotated = false
      for p in 0..<count {
        for q in (p + 1)..<max(count, p + 1) {
          let (x, y) = (work + p * length, work + q * length)
          var (alpha, beta, gamma): (T, T, T) = (0, 0, 0)
          for i in 0..<length {
            alpha += x[i] * x[i]
            beta += y[i] * y[i]
            gamma += x[i] * y[i]
          }
          // Pairs whose products fall below the normal range have no reliable inner product; they
          // are far below the backward error and left alone (this bounds the sweeps).
          let scale = alpha.squareRoot() * beta.squareRoot()
          guard scale > floor, abs(gamma) > tolerance * scale else { continue }
          rotated = true
          // The rotation that diagonalizes [[α, γ], [γ, β]] (the smaller angle).
          let zeta = (beta - alpha) / (2 * gamma)
          let t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
          let c = 1 / (1 + t * t).squareRoot()
          let s = c * t
          rotate(x, y, length, c, s)
          rotate(basis + p * count, basis + q * count, count, c, s)
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
