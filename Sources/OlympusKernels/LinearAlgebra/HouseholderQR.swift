/// The reduced QR decomposition by Householder reflections (Golub & Van Loan, algorithms 5.2.1 and
/// 5.4.1): backward stable, `R`'s diagonal of either sign.
enum HouseholderQR {
  /// Factors the row-major `m × n` matrix `a` into `q` (`m × k`, orthonormal columns) and `r`
  /// (`k × n`, upper triangular), `k = min(m, n)`, both row-major.
  static func factor<T: BinaryFloatingPoint>(
    _ a: UnsafePointer<T>, m: Int, n: Int, q: UnsafeMutablePointer<T>, r: UnsafeMutablePointer<T>
  ) {
    let k = min(m, n)
    // Columns are reflected, so the work is done on the transpose: row j of `columns` is column j.
    let columns = UnsafeMutablePointer<T>.allocate(capacity: max(m * n, 1))
    defer { columns.deallocate() }
    for i in 0..<m {
      for j in 0..<n { columns[j * m + i] = a[i * n + j] }
    }
    let reflectors = reduce(columns, length: m, count: n, pivoting: false)
    reflectors.upperTriangle(columns, length: m, count: n, into: r)
    let basis = UnsafeMutablePointer<T>.allocate(capacity: max(m * k, 1))
    defer { basis.deallocate() }
    reflectors.orthonormalColumns(columns, length: m, into: basis)
    for i in 0..<m {
      for j in 0..<k { q[i * k + j] = basis[j * m + i] }
    }
  }

  /// The reflectors of a reduction, and the column order when it pivots.
  struct Reflectors<T: BinaryFloatingPoint> {
    /// `τ` of each reflector (0 for none).
    var taus: [T]
    /// `R`'s diagonal.
    var betas: [T]
    /// Column `j` of the reduced matrix was column `permutation[j]` of the input.
    var permutation: [Int]

    /// Writes `R` (`k × count`, row-major) from the reduced `columns`.
    func upperTriangle(_ columns: UnsafePointer<T>, length: Int, count: Int, into r: UnsafeMutablePointer<T>) {
      for i in 0..<taus.count {
        for j in 0..<count { r[i * count + j] = j < i ? 0 : (j == i ? betas[i] : columns[j * length + i]) }
      }
    }

    /// Writes the `k` orthonormal columns of `Q = H₀·…·H_{k−1}` as the rows of `basis`
    /// (`k × length`), applying the reflectors backwards to the identity so that each one only
    /// meets the columns it changes.
    func orthonormalColumns(_ columns: UnsafePointer<T>, length: Int, into basis: UnsafeMutablePointer<T>) {
      let k = taus.count
      basis.update(repeating: 0, count: length * k)
      for j in 0..<k { basis[j * length + j] = 1 }
      for step in stride(from: k - 1, through: 0, by: -1) where taus[step] != 0 {
        let v = columns + step * length + step
        for j in step..<k {
          Householder.apply(v, tau: taus[step], to: basis + j * length + step, count: length - step)
        }
      }
    }
  }

  /// Reduces the `count` columns (rows of `columns`, each `length` long, `length ≥ count` when
  /// pivoting) to upper triangular form in place: `R` above the diagonal, the reflectors' vectors
  /// below it. With `pivoting`, each step first brings forward the remaining column of largest
  /// norm (Businger & Golub), so `R`'s diagonal decreases in magnitude.
  static func reduce<T: BinaryFloatingPoint>(
    _ columns: UnsafeMutablePointer<T>, length: Int, count: Int, pivoting: Bool
  ) -> Reflectors<T> {
    let k = min(length, count)
    var reflectors = Reflectors<T>(
      taus: [T](repeating: 0, count: k), betas: [T](repeating: 0, count: k), permutation: Array(0..<count))
    for step in 0..<k {
      if pivoting {
        // Norms are recomputed rather than downdated: as cheap as one reflection, and exact.
        var best = (norm: T(-1), column: step)
        for j in step..<count {
          let norm = Householder.norm(columns + j * length + step, count: length - step)
          if norm > best.norm { best = (norm, j) }
        }
        if best.column != step {
          swapRows(columns, step, best.column, length)
          reflectors.permutation.swapAt(step, best.column)
        }
      }
      let column = columns + step * length + step
      let (beta, tau) = Householder.make(column, count: length - step)
      reflectors.taus[step] = tau
      reflectors.betas[step] = beta
      guard tau != 0 else { continue }
      for j in (step + 1)..<max(count, step + 1) {
        Householder.apply(column, tau: tau, to: columns + j * length + step, count: length - step)
      }
    }
    return reflectors
  }

  private static func swapRows<T>(_ x: UnsafeMutablePointer<T>, _ first: Int, _ second: Int, _ length: Int) {
    for i in 0..<length { swap(&x[first * length + i], &x[second * length + i]) }
  }
}
