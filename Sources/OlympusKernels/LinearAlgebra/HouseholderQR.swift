/// The reduced QR decomposition by Householder reflections (Golub & Van Loan, algorithm 5.2.1):
/// backward stable, `R`'s diagonal of either sign.
enum HouseholderQR {
  /// Factors the row-major `m × n` matrix `a` into `q` (`m × k`, orthonormal columns) and `r`
  /// (`k × n`, upper triangular), `k = min(m, n)`, both row-major.
  static func factor<T: BinaryFloatingPoint>(
    _ a: UnsafePointer<T>, m: Int, n: Int, q: UnsafeMutablePointer<T>, r: UnsafeMutablePointer<T>
  ) {
    let k = min(m, n)
    // Columns are reflected, so the work is done on the transpose: row j of `work` is column j.
    let work = UnsafeMutablePointer<T>.allocate(capacity: max(m * n, 1))
    defer { work.deallocate() }
    for i in 0..<m {
      for j in 0..<n { work[j * m + i] = a[i * n + j] }
    }
    var taus = [T](repeating: 0, count: k)
    var betas = [T](repeating: 0, count: k)
    for step in 0..<k {
      let column = work + step * m + step
      let (beta, tau) = Householder.make(column, count: m - step)
      taus[step] = tau
      betas[step] = beta
      guard tau != 0 else { continue }
      for j in (step + 1)..<max(n, step + 1) {
        Householder.apply(column, tau: tau, to: work + j * m + step, count: m - step)
      }
    }
    for i in 0..<k {
      for j in 0..<n { r[i * n + j] = j < i ? 0 : (j == i ? betas[i] : work[j * m + i]) }
    }
    // Q = H₀·H₁·…·H_{k−1} applied to the first k columns of the identity, backwards so that each
    // reflector only meets the columns it changes (again on the transpose).
    let basis = UnsafeMutablePointer<T>.allocate(capacity: max(m * k, 1))
    defer { basis.deallocate() }
    basis.initialize(repeating: 0, count: m * k)
    for j in 0..<k { basis[j * m + j] = 1 }
    for step in stride(from: k - 1, through: 0, by: -1) where taus[step] != 0 {
      let v = UnsafePointer(work + step * m + step)
      for j in step..<k {
        Householder.apply(v, tau: taus[step], to: basis + j * m + step, count: m - step)
      }
    }
    for i in 0..<m {
      for j in 0..<k { q[i * k + j] = basis[j * m + i] }
    }
  }
}
