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
    let reflectors = reduce(columns, length: m, count: n)
    reflectors.upperTriangle(columns, length: m, count: n, into: r)
    let basis = UnsafeMutablePointer<T>.allocate(capacity: max(m * k, 1))
    defer { basis.deallocate() }
    reflectors.orthonormalColumns(columns, length: m, into: basis)
    for i in 0..<m {
      for j in 0..<k { q[i * k + j] = basis[j * m + i] }
    }
  }

  /// The reflectors of a reduction.
  struct Reflectors<T: BinaryFloatingPoint> {
    /// `τ` of each reflector (0 for none).
    var taus: [T]
    /// `R`'s diagonal.
    var betas: [T]

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

  /// Reduces the `count` columns (rows of `columns`, each `length` long) to upper triangular form
  /// in place: `R` above the diagonal, the reflectors' vectors below it.
  static func reduce<T: BinaryFloatingPoint>(
    _ columns: UnsafeMutablePointer<T>, length: Int, count: Int
  ) -> Reflectors<T> {
    let k = min(length, count)
    var reflectors = Reflectors<T>(taus: [T](repeating: 0, count: k), betas: [T](repeating: 0, count: k))
    for step in 0..<k {
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
}
