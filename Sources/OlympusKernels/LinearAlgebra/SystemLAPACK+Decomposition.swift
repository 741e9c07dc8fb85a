/// The decompositions through the system LAPACK: `?geqrf`/`?orgqr`, `?syevd` and `?gesdd` on one
/// row-major matrix each, with the same contracts as the built-in ones (`Decomposition`).
extension SystemLAPACK {
  /// The reduced QR decomposition of the row-major `m × n` matrix `a` into `q` (`m × k`) and `r`
  /// (`k × n`). Returns LAPACK's `info` (0 on success).
  func qr(_ type: ScalarType, _ a: UnsafeRawPointer, m: Int, n: Int, q: UnsafeMutableRawPointer, r: UnsafeMutableRawPointer) -> Int {
    let k = min(m, n)
    let size = type.byteCount
    // Column-major copy: element (i, j) at j·m + i.
    let work = UnsafeMutableRawPointer.allocate(byteCount: max(m * n, 1) * size, alignment: 64)
    defer { work.deallocate() }
    transposeCopy(type, from: a, rows: m, columns: n, to: work)
    let tau = UnsafeMutableRawPointer.allocate(byteCount: max(k, 1) * size, alignment: 64)
    defer { tau.deallocate() }
    let routines = routines(type)
    var (m32, n32, k32, reflectors, lda, info) = (Int32(m), Int32(n), Int32(k), Int32(k), Int32(max(m, 1)), Int32(0))
    var query = [Double](repeating: 0, count: 1)
    var lwork: Int32 = -1
    routines.geqrf(&m32, &n32, work, &lda, tau, &query, &lwork, &info)
    var workspace = [Double](repeating: 0, count: Self.workspaceSize(type, query, minimum: n))
    lwork = Int32(workspace.count)
    routines.geqrf(&m32, &n32, work, &lda, tau, &workspace, &lwork, &info)
    guard info == 0 else { return Int(info) }
    for i in 0..<k {
      for j in 0..<n {
        copyElement(type, from: work, at: j * m + i, to: r, at: i * n + j, zero: j < i)
      }
    }
    lwork = -1
    routines.orgqr(&m32, &k32, &reflectors, work, &lda, tau, &query, &lwork, &info)
    workspace = [Double](repeating: 0, count: Self.workspaceSize(type, query, minimum: k))
    lwork = Int32(workspace.count)
    routines.orgqr(&m32, &k32, &reflectors, work, &lda, tau, &workspace, &lwork, &info)
    guard info == 0 else { return Int(info) }
    transposeCopy(type, from: work, rows: k, columns: m, to: q)
    return 0
  }

  /// The eigendecomposition of the symmetric part of the row-major `n × n` matrix `a`:
  /// eigenvalues ascending, eigenvectors as the columns of `vectors`. Returns LAPACK's `info`.
  func symmetricEigen(
    _ type: ScalarType, _ a: UnsafeRawPointer, n: Int, values: UnsafeMutableRawPointer, vectors: UnsafeMutableRawPointer
  ) -> Int {
    let size = type.byteCount
    let work = UnsafeMutableRawPointer.allocate(byteCount: max(n * n, 1) * size, alignment: 64)
    defer { work.deallocate() }
    for i in 0..<n {
      for j in 0..<n {
        if type == .float32 {
          let x = (a.load(fromByteOffset: (i * n + j) * 4, as: Float.self) + a.load(fromByteOffset: (j * n + i) * 4, as: Float.self)) / 2
          work.storeBytes(of: x, toByteOffset: (i * n + j) * 4, as: Float.self)
        } else {
          let x = (a.load(fromByteOffset: (i * n + j) * 8, as: Double.self) + a.load(fromByteOffset: (j * n + i) * 8, as: Double.self)) / 2
          work.storeBytes(of: x, toByteOffset: (i * n + j) * 8, as: Double.self)
        }
      }
    }
    let routines = routines(type)
    var (n32, lda, info) = (Int32(n), Int32(max(n, 1)), Int32(0))
    var query = [Double](repeating: 0, count: 1)
    var iquery: Int32 = 0
    var (lwork, liwork): (Int32, Int32) = (-1, -1)
    Self.withCharacters(["V", "L"]) { flags in
      routines.syevd(flags[0], flags[1], &n32, work, &lda, values, &query, &lwork, &iquery, &liwork, &info, 1, 1)
    }
    var workspace = [Double](repeating: 0, count: Self.workspaceSize(type, query, minimum: 1 + 6 * n + 2 * n * n))
    var iworkspace = [Int32](repeating: 0, count: max(Int(iquery), 3 + 5 * n))
    lwork = Int32(workspace.count)
    liwork = Int32(iworkspace.count)
    Self.withCharacters(["V", "L"]) { flags in
      routines.syevd(flags[0], flags[1], &n32, work, &lda, values, &workspace, &lwork, &iworkspace, &liwork, &info, 1, 1)
    }
    guard info == 0 else { return Int(info) }
    // Column j of the column-major result is eigenvector j: row j of the row-major buffer.
    transposeCopy(type, from: work, rows: n, columns: n, to: vectors)
    return 0
  }

  /// The reduced SVD of the row-major `m × n` matrix `a` into `u` (`m × k`), `s` (`k`,
  /// descending) and `vt` (`k × n`). Returns LAPACK's `info`.
  func svd(
    _ type: ScalarType, _ a: UnsafeRawPointer, m: Int, n: Int, u: UnsafeMutableRawPointer, s: UnsafeMutableRawPointer,
    vt: UnsafeMutableRawPointer
  ) -> Int {
    // Read column-major, the row-major a is aᵀ (n × m) = V·S·Uᵀ: LAPACK's U (n × k, column-major)
    // is the row-major vt, and its Vᵀ (k × m, column-major) the row-major u.
    let k = min(m, n)
    let size = type.byteCount
    let work = UnsafeMutableRawPointer.allocate(byteCount: max(m * n, 1) * size, alignment: 64)
    defer { work.deallocate() }
    work.copyMemory(from: a, byteCount: m * n * size)
    let routines = routines(type)
    var (rows, columns, lda, ldu, ldvt, info) = (Int32(n), Int32(m), Int32(max(n, 1)), Int32(max(n, 1)), Int32(max(k, 1)), Int32(0))
    var iworkspace = [Int32](repeating: 0, count: 8 * max(k, 1))
    var query = [Double](repeating: 0, count: 1)
    var lwork: Int32 = -1
    Self.withCharacters(["S"]) { flags in
      routines.gesdd(flags[0], &rows, &columns, work, &lda, s, vt, &ldu, u, &ldvt, &query, &lwork, &iworkspace, &info, 1)
    }
    var workspace = [Double](repeating: 0, count: Self.workspaceSize(type, query, minimum: 4 * k * k + 7 * k + max(m, n)))
    lwork = Int32(workspace.count)
    Self.withCharacters(["S"]) { flags in
      routines.gesdd(flags[0], &rows, &columns, work, &lda, s, vt, &ldu, u, &ldvt, &workspace, &lwork, &iworkspace, &info, 1)
    }
    return Int(info)
  }

  /// The minimum-norm least-squares solution `x` (`n × k`, row-major) of `a·x ≈ b` for the
  /// row-major `a` (`m × n`) and `b` (`m × k`) by `?gelsd`, singular values at most
  /// `rcond·s_max` counting as zero. Returns LAPACK's `info`.
  func leastSquares(
    _ type: ScalarType, _ a: UnsafeRawPointer, _ b: UnsafeRawPointer, m: Int, n: Int, k: Int, rcond: Double,
    x: UnsafeMutableRawPointer
  ) -> Int {
    let size = type.byteCount
    let rows = max(m, n, 1)
    let matrix = UnsafeMutableRawPointer.allocate(byteCount: max(m * n, 1) * size, alignment: 64)
    defer { matrix.deallocate() }
    transposeCopy(type, from: a, rows: m, columns: n, to: matrix)
    // B column-major with `rows` rows: b's rows on top; the solution comes back in the first n.
    let rhs = UnsafeMutableRawPointer.allocate(byteCount: rows * max(k, 1) * size, alignment: 64)
    defer { rhs.deallocate() }
    for i in 0..<m {
      for j in 0..<k { copyElement(type, from: b, at: i * k + j, to: rhs, at: j * rows + i, zero: false) }
    }
    let singular = UnsafeMutableRawPointer.allocate(byteCount: max(min(m, n), 1) * size, alignment: 64)
    defer { singular.deallocate() }
    let routines = routines(type)
    var (m32, n32, k32, lda, ldb, rank, info) = (Int32(m), Int32(n), Int32(k), Int32(max(m, 1)), Int32(rows), Int32(0), Int32(0))
    var (single, double) = (Float(rcond), rcond)
    var query = [Double](repeating: 0, count: 1)
    var integerQuery: [Int32] = [0]
    var lwork: Int32 = -1
    func call(_ work: UnsafeMutableRawPointer, _ iwork: UnsafeMutablePointer<Int32>) {
      if type == .float32 {
        routines.gelsd(&m32, &n32, &k32, matrix, &lda, rhs, &ldb, singular, &single, &rank, work, &lwork, iwork, &info)
      } else {
        routines.gelsd(&m32, &n32, &k32, matrix, &lda, rhs, &ldb, singular, &double, &rank, work, &lwork, iwork, &info)
      }
    }
    call(&query, &integerQuery)
    guard info == 0 else { return Int(info) }
    var workspace = [Double](repeating: 0, count: Self.workspaceSize(type, query, minimum: 1))
    var integerWorkspace = [Int32](repeating: 0, count: max(Int(integerQuery[0]), 1))
    lwork = Int32(workspace.count)
    call(&workspace, &integerWorkspace)
    guard info == 0 else { return Int(info) }
    for i in 0..<n {
      for j in 0..<k { copyElement(type, from: rhs, at: j * rows + i, to: x, at: i * k + j, zero: false) }
    }
    return 0
  }

  /// Writes the transpose of the row-major `rows × columns` matrix at `source` to `target`.
  private func transposeCopy(_ type: ScalarType, from source: UnsafeRawPointer, rows: Int, columns: Int, to target: UnsafeMutableRawPointer) {
    for i in 0..<rows {
      for j in 0..<columns { copyElement(type, from: source, at: i * columns + j, to: target, at: j * rows + i, zero: false) }
    }
  }

  /// Copies element `index` of `source` to element `position` of `target` (or writes zero).
  @inline(__always)
  private func copyElement(
    _ type: ScalarType, from source: UnsafeRawPointer, at index: Int, to target: UnsafeMutableRawPointer, at position: Int,
    zero: Bool
  ) {
    if type == .float32 {
      target.storeBytes(of: zero ? 0 : source.load(fromByteOffset: index * 4, as: Float.self), toByteOffset: position * 4, as: Float.self)
    } else {
      target.storeBytes(of: zero ? 0 : source.load(fromByteOffset: index * 8, as: Double.self), toByteOffset: position * 8, as: Double.self)
    }
  }
}
