/// The eigendecomposition of a symmetric tridiagonal matrix by divide and conquer (Cuppen 1981,
/// with the deflation of Dongarra & Sorensen 1987 and the eigenvectors of Gu & Eisenstat 1995, as
/// in LAPACK's `dstedc`).
///
/// The matrix is split in two halves coupled by one rank-one term; each half is decomposed
/// recursively, and the rank-one update of their joint spectrum `D + ρ·z·zᵀ` is solved through
/// its secular equation. The eigenvectors of the update come from a vector ẑ recomputed from the
/// computed eigenvalues, so they are orthogonal to working precision, and they are multiplied
/// into the halves' eigenvectors by the built-in GEMM, where almost all of the work is.
enum TridiagonalEigen {
  /// Blocks of at most this order are solved by the implicit QR iteration.
  static let leafOrder = 32

  /// Decomposes the tridiagonal matrix with diagonal `d` (`n`) and off-diagonal `e` (`n − 1`):
  /// on return `d` holds the eigenvalues ascending and column `j` of the row-major `z` (`n × n`,
  /// row stride `ldz`) eigenvector `j`; `e` is overwritten. Returns `false` when a QR iteration
  /// does not converge (only non-finite input).
  static func decompose<T: BinaryFloatingPoint>(
    _ d: UnsafeMutablePointer<T>, _ e: UnsafeMutablePointer<T>, n: Int, z: UnsafeMutablePointer<T>, ldz: Int
  ) -> Bool {
    for i in 0..<n { (z + i * ldz).update(repeating: 0, count: n) }
    return solve(d, e, n: n, z: z, ldz: ldz)
  }

  /// Writes the eigenvectors into the (zeroed) diagonal block `z` of order `n`.
  private static func solve<T: BinaryFloatingPoint>(
    _ d: UnsafeMutablePointer<T>, _ e: UnsafeMutablePointer<T>, n: Int, z: UnsafeMutablePointer<T>, ldz: Int
  ) -> Bool {
    guard n > leafOrder else { return leaf(d, e, n: n, z: z, ldz: ldz) }
    // T = diag(T₁ − |β|·eₗeₗᵀ, T₂ − |β|·e₁e₁ᵀ) + |β|·u·uᵀ with u = eₗ + sign(β)·eₗ₊₁.
    let m = n / 2
    let beta = e[m - 1]
    d[m - 1] -= abs(beta)
    d[m] -= abs(beta)
    guard solve(d, e, n: m, z: z, ldz: ldz),
      solve(d + m, e + m, n: n - m, z: z + m * ldz + m, ldz: ldz)
    else { return false }
    merge(d, n: n, m: m, beta: beta, z: z, ldz: ldz)
    return true
  }

  /// A block solved by the QR iteration, its eigenpairs sorted ascending.
  private static func leaf<T: BinaryFloatingPoint>(
    _ d: UnsafeMutablePointer<T>, _ e: UnsafeMutablePointer<T>, n: Int, z: UnsafeMutablePointer<T>, ldz: Int
  ) -> Bool {
    // Rows of `basis` are the eigenvectors.
    let basis = UnsafeMutablePointer<T>.allocate(capacity: n * n)
    defer { basis.deallocate() }
    basis.initialize(repeating: 0, count: n * n)
    for i in 0..<n { basis[i * n + i] = 1 }
    guard SymmetricEigen.iterate(d, e, n: n, basis: basis) else { return false }
    let values = Array(UnsafeBufferPointer(start: d, count: n))
    let order = (0..<n).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    for (column, index) in order.enumerated() {
      d[column] = values[index]
      for i in 0..<n { z[i * ldz + column] = basis[index * n + i] }
    }
    return true
  }

  /// Merges the decomposed halves (orders `m` and `n − m`, eigenvalues ascending in `d`, vectors
  /// in the diagonal blocks of `z`) coupled by `beta` into the decomposition of the whole.
  private static func merge<T: BinaryFloatingPoint>(
    _ d: UnsafeMutablePointer<T>, n: Int, m: Int, beta: T, z: UnsafeMutablePointer<T>, ldz: Int
  ) {
    // z = Qᵀu/√2 (the last row of Q₁ and the first of Q₂), ρ = 2|β|, so that ‖z‖ = 1.
    let scale = 1 / T(2).squareRoot()
    let sign: T = beta < 0 ? -1 : 1
    var coupling = [T](repeating: 0, count: n)
    for j in 0..<m { coupling[j] = z[(m - 1) * ldz + j] * scale }
    for j in m..<n { coupling[j] = z[m * ldz + j] * sign * scale }
    let rho = 2 * abs(beta)
    let order = (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
    var largest: T = 0
    for i in 0..<n { largest = max(largest, abs(d[i])) }
    let tolerance = 8 * T.ulpOfOne * max(largest, rho)

    // Deflation: a negligible coupling leaves its eigenpair alone; two close eigenvalues are
    // rotated so that one coupling vanishes. Rotations act on rows of the update's vectors.
    var rotations: [(p: Int, j: Int, c: T, s: T)] = []
    var kept: [Int] = []
    var deflated: [Int] = []
    var previous: Int?
    for j in order {
      if rho * abs(coupling[j]) <= tolerance {
        deflated.append(j)
        continue
      }
      if let p = previous {
        let length = Householder.hypot(coupling[p], coupling[j])
        let (c, s) = (coupling[j] / length, -coupling[p] / length)
        if abs((d[j] - d[p]) * c * s) <= tolerance {
          coupling[j] = length
          coupling[p] = 0
          rotations.append((p, j, c, s))
          let (dp, dj) = (d[p], d[j])
          d[p] = dp * c * c + dj * s * s
          d[j] = dp * s * s + dj * c * c
          deflated.append(p)
          previous = j
          continue
        }
        kept.append(p)
      }
      previous = j
    }
    if let p = previous { kept.append(p) }

    // The update's eigenvalues and (for the kept indices) eigenvectors.
    let k = kept.count
    let poles = kept.map { d[$0] }
    let weights = kept.map { rho * coupling[$0] * coupling[$0] }
    var roots = [(origin: Int, tau: T)]()
    roots.reserveCapacity(k)
    var differences = [T](repeating: 0, count: k)
    poles.withUnsafeBufferPointer { poles in
      weights.withUnsafeBufferPointer { weights in
        differences.withUnsafeMutableBufferPointer { scratch in
          for j in 0..<k {
            roots.append(
              SecularEquation.root(j, d: poles.baseAddress!, w: weights.baseAddress!, k: k, differences: scratch.baseAddress!))
          }
        }
      }
    }
    // dᵢ − λⱼ, accurate through λⱼ's origin.
    func gap(_ i: Int, _ j: Int) -> T { (poles[i] - poles[roots[j].origin]) - roots[j].tau }
    // ẑ (Gu & Eisenstat): the coupling for which the computed eigenvalues are exact.
    var recomputed = [T](repeating: 0, count: k)
    for i in 0..<k {
      var product = gap(i, i)
      for j in 0..<k where j != i { product *= gap(i, j) / (poles[i] - poles[j]) }
      let magnitude = max(-product, 0).squareRoot()
      recomputed[i] = coupling[kept[i]] < 0 ? -magnitude : magnitude
    }

    // U: columns in ascending eigenvalue order, rows in the halves' index space.
    // Each entry is a root of the secular equation or a deflated index.
    var entries: [(value: T, root: Int?, deflated: Int)] = []
    entries.reserveCapacity(n)
    for j in 0..<k { entries.append((poles[roots[j].origin] + roots[j].tau, j, -1)) }
    for p in deflated { entries.append((d[p], nil, p)) }
    entries.sort { $0.value < $1.value }
    let update = UnsafeMutablePointer<T>.allocate(capacity: 2 * n * n)
    defer { update.deallocate() }
    update.initialize(repeating: 0, count: n * n)
    var column = [T](repeating: 0, count: k)
    for (position, entry) in entries.enumerated() {
      d[position] = entry.value
      guard let j = entry.root else {
        update[entry.deflated * n + position] = 1
        continue
      }
      var sum: T = 0
      for i in 0..<k {
        column[i] = recomputed[i] / gap(i, j)
        sum += column[i] * column[i]
      }
      let inverse = 1 / sum.squareRoot()
      for i in 0..<k { update[kept[i] * n + position] = column[i] * inverse }
    }
    // U = R₁·R₂·…·U′ for the deflating rotations Rₗ.
    for (p, j, c, s) in rotations.reversed() {
      let (rowP, rowJ) = (update + p * n, update + j * n)
      for i in 0..<n {
        let (x, y) = (rowP[i], rowJ[i])
        rowP[i] = c * x - s * y
        rowJ[i] = s * x + c * y
      }
    }
    // Q ← diag(Q₁, Q₂)·U, one product per half.
    let product = update + n * n
    let type: ScalarType = T.self == Float.self ? .float32 : .float64
    MatrixMultiply.multiply(
      type, transposeA: false, transposeB: false, m: m, n: n, k: m, a: UnsafeRawPointer(z), lda: ldz,
      b: UnsafeRawPointer(update), ldb: n, c: UnsafeMutableRawPointer(product), ldc: n, backend: .builtIn)
    MatrixMultiply.multiply(
      type, transposeA: false, transposeB: false, m: n - m, n: n, k: n - m,
      a: UnsafeRawPointer(z + m * ldz + m), lda: ldz, b: UnsafeRawPointer(update + m * n), ldb: n,
      c: UnsafeMutableRawPointer(product + m * n), ldc: n, backend: .builtIn)
    for i in 0..<n { (z + i * ldz).update(from: product + i * n, count: n) }
  }
}
