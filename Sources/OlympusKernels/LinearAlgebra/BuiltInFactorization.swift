import COlympusKernels

/// The built-in factorizations: recursive blocked algorithms whose bulk is matrix products on the
/// built-in GEMM, with unblocked C loops (COlympusKernels/linalg) on blocks of at most
/// `baseOrder` columns. Each level halves the columns: the left half is factored (or solved), the
/// right half updated with one product, then factored (or solved) in turn, so most of the work
/// runs in products of half, quarter … the matrix's order (Gustavson's and Toledo's recursions).
/// Row-major storage with row stride `lda`.
enum BuiltInFactorization {
  /// Blocks of at most this many columns are factored or solved by the unblocked loops.
  static let baseOrder = 16

  /// Cholesky of the lower triangle (see `Factorization.cholesky`); returns LAPACK's `info`.
  /// The strict upper triangle is used as scratch.
  static func cholesky(_ type: ScalarType, n: Int, a: UnsafeMutableRawPointer, lda: Int) -> Int {
    guard n > baseOrder else { return olk_cholesky_unblocked(type.cValue, n, a, lda) }
    return withScratch(type, count: n * n / 2 + n) { scratch in
      choleskyRecursive(type, n: n, a: a, lda: lda, scratch: scratch)
    }
  }

  /// LU with partial pivoting of the n×n matrix (see `Factorization.lu`): `swaps[c]` is the row
  /// exchanged with row c at step c (LAPACK's `ipiv`, zero-based); returns LAPACK's `info`.
  static func lu(_ type: ScalarType, n: Int, a: UnsafeMutableRawPointer, lda: Int, swaps: inout [Int]) -> Int {
    swaps.withUnsafeMutableBufferPointer { swaps in
      guard n > baseOrder else {
        return olk_lu_panel(type.cValue, n, n, a, lda, 0, n, swaps.baseAddress!)
      }
      return withScratch(type, count: n * n / 2 + n) { scratch in
        luRecursive(type, m: n, b: n, rows: a, lda: lda, column: 0, width: n, swaps: swaps.baseAddress!, scratch: scratch)
      }
    }
  }

  /// Solves op(A)·X = B in place of the n×k matrix B (row stride `ldb`), where op(A)[i][j] is
  /// `a[i·rowStride + j·columnStride]` and is lower triangular when `lower` is set; one of the
  /// strides is 1. `scratch` (at least n·k elements) is allocated when nil.
  static func solveLeft(
    _ type: ScalarType, n: Int, k: Int, a: UnsafeRawPointer, rowStride: Int, columnStride: Int, lower: Bool,
    unitDiagonal: Bool, b: UnsafeMutableRawPointer, ldb: Int, scratch: UnsafeMutableRawPointer?
  ) {
    guard n > baseOrder else {
      olk_triangular_solve_left(
        type.cValue, n, k, a, rowStride, columnStride, lower ? 1 : 0, unitDiagonal ? 1 : 0, b, ldb)
      return
    }
    guard let scratch else {
      withScratch(type, count: n * k) { scratch in
        solveLeft(
          type, n: n, k: k, a: a, rowStride: rowStride, columnStride: columnStride, lower: lower,
          unitDiagonal: unitDiagonal, b: b, ldb: ldb, scratch: scratch)
      }
      return
    }
    let size = type.byteCount
    let first = n / 2
    let second = n - first
    func block(_ row: Int, _ column: Int) -> UnsafeRawPointer { a + (row * rowStride + column * columnStride) * size }
    func solve(_ offset: Int, _ order: Int) {
      solveLeft(
        type, n: order, k: k, a: block(offset, offset), rowStride: rowStride, columnStride: columnStride,
        lower: lower, unitDiagonal: unitDiagonal, b: b + offset * ldb * size, ldb: ldb, scratch: scratch)
    }
    // Lower: X₁ from the top block, then B₂ −= A₂₁·X₁ and X₂. Upper: the same from the bottom.
    let (done, doneOrder, next, nextOrder) = lower ? (0, first, first, second) : (first, second, 0, first)
    solve(done, doneOrder)
    subtractProduct(
      type, m: nextOrder, n: k, k: doneOrder, a: block(next, done), rowStride: rowStride,
      columnStride: columnStride, b: b + done * ldb * size, ldb: ldb, transposeB: false,
      c: b + next * ldb * size, ldc: ldb, scratch: scratch)
    solve(next, nextOrder)
  }

  // MARK: Recursions

  private static func choleskyRecursive(
    _ type: ScalarType, n: Int, a: UnsafeMutableRawPointer, lda: Int, scratch: UnsafeMutableRawPointer
  ) -> Int {
    guard n > baseOrder else { return olk_cholesky_unblocked(type.cValue, n, a, lda) }
    let size = type.byteCount
    let first = n / 2
    let second = n - first
    let info = choleskyRecursive(type, n: first, a: a, lda: lda, scratch: scratch)
    if info != 0 { return info }
    let below = a + first * lda * size
    let corner = below + first * size
    solveRowsAgainstTransposedLower(type, m: second, n: first, l: a, ldl: lda, x: below, ldx: lda, scratch: scratch)
    subtractGramLower(type, n: second, k: first, a: below, lda: lda, c: corner, ldc: lda, scratch: scratch)
    let rest = choleskyRecursive(type, n: second, a: corner, lda: lda, scratch: scratch)
    return rest == 0 ? 0 : first + rest
  }

  /// Factors the m×b panel starting at column `column` of `rows` (row swaps span `width` columns).
  private static func luRecursive(
    _ type: ScalarType, m: Int, b: Int, rows: UnsafeMutableRawPointer, lda: Int, column: Int, width: Int,
    swaps: UnsafeMutablePointer<Int>, scratch: UnsafeMutableRawPointer
  ) -> Int {
    guard b > baseOrder else { return olk_lu_panel(type.cValue, m, b, rows, lda, column, width, swaps) }
    let size = type.byteCount
    let first = b / 2
    let second = b - first
    let leftInfo = luRecursive(
      type, m: m, b: first, rows: rows, lda: lda, column: column, width: width, swaps: swaps, scratch: scratch)
    // U₁₂ = L₁₁⁻¹·A₁₂ (L₁₁ unit lower), then A₂₂ −= L₂₁·U₁₂.
    let topLeft = rows + column * size
    let topRight = topLeft + first * size
    solveLeft(
      type, n: first, k: second, a: topLeft, rowStride: lda, columnStride: 1, lower: true, unitDiagonal: true,
      b: topRight, ldb: lda, scratch: scratch)
    let lowerRows = rows + first * lda * size
    if m > first {
      subtractProduct(
        type, m: m - first, n: second, k: first, a: lowerRows + column * size, rowStride: lda, columnStride: 1,
        b: topRight, ldb: lda, transposeB: false, c: lowerRows + (column + first) * size, ldc: lda, scratch: scratch)
    }
    let rightInfo = luRecursive(
      type, m: m - first, b: second, rows: lowerRows, lda: lda, column: column + first, width: width,
      swaps: swaps + first, scratch: scratch)
    for index in first..<Swift.min(b, m) { swaps[index] += first }
    if leftInfo != 0 { return leftInfo }
    return rightInfo == 0 ? 0 : first + rightInfo
  }

  /// X ← X·L⁻ᵀ for the m×n matrix X, L lower n×n: column halves of X in turn.
  private static func solveRowsAgainstTransposedLower(
    _ type: ScalarType, m: Int, n: Int, l: UnsafeRawPointer, ldl: Int, x: UnsafeMutableRawPointer, ldx: Int,
    scratch: UnsafeMutableRawPointer
  ) {
    guard n > baseOrder else {
      olk_triangular_solve_rows_lower_transposed(type.cValue, m, n, l, ldl, x, ldx)
      return
    }
    let size = type.byteCount
    let first = n / 2
    solveRowsAgainstTransposedLower(type, m: m, n: first, l: l, ldl: ldl, x: x, ldx: ldx, scratch: scratch)
    // X₂ −= X₁·L₂₁ᵀ, then X₂ ← X₂·L₂₂⁻ᵀ.
    subtractProduct(
      type, m: m, n: n - first, k: first, a: x, rowStride: ldx, columnStride: 1, b: l + first * ldl * size,
      ldb: ldl, transposeB: true, c: x + first * size, ldc: ldx, scratch: scratch)
    solveRowsAgainstTransposedLower(
      type, m: m, n: n - first, l: l + (first * ldl + first) * size, ldl: ldl, x: x + first * size, ldx: ldx,
      scratch: scratch)
  }

  /// The lower triangle of C (n×n) −= A·Aᵀ (A n×k); the strict upper triangle of diagonal blocks
  /// of at most `2·baseOrder` rows takes the update too (it is scratch).
  private static func subtractGramLower(
    _ type: ScalarType, n: Int, k: Int, a: UnsafeRawPointer, lda: Int, c: UnsafeMutableRawPointer, ldc: Int,
    scratch: UnsafeMutableRawPointer
  ) {
    let size = type.byteCount
    guard n > 2 * baseOrder else {
      subtractProduct(
        type, m: n, n: n, k: k, a: a, rowStride: lda, columnStride: 1, b: a, ldb: lda, transposeB: true, c: c,
        ldc: ldc, scratch: scratch)
      return
    }
    let first = n / 2
    let lowerA = a + first * lda * size
    subtractGramLower(type, n: first, k: k, a: a, lda: lda, c: c, ldc: ldc, scratch: scratch)
    subtractProduct(
      type, m: n - first, n: first, k: k, a: lowerA, rowStride: lda, columnStride: 1, b: a, ldb: lda,
      transposeB: true, c: c + first * ldc * size, ldc: ldc, scratch: scratch)
    subtractGramLower(
      type, n: n - first, k: k, a: lowerA, lda: lda, c: c + (first * ldc + first) * size, ldc: ldc, scratch: scratch)
  }

  // MARK: Products

  /// C (m×n) −= A·op(B), A m×k with element (i, j) at `a[i·rowStride + j·columnStride]` (one
  /// stride 1), B stored k×n (n×k when `transposeB`), through the built-in GEMM into `scratch`.
  private static func subtractProduct(
    _ type: ScalarType, m: Int, n: Int, k: Int, a: UnsafeRawPointer, rowStride: Int, columnStride: Int,
    b: UnsafeRawPointer, ldb: Int, transposeB: Bool, c: UnsafeMutableRawPointer, ldc: Int,
    scratch: UnsafeMutableRawPointer
  ) {
    guard m > 0, n > 0, k > 0 else { return }
    let transposeA = columnStride != 1
    MatrixMultiply.multiply(
      type, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a,
      lda: transposeA ? columnStride : rowStride, b: b, ldb: ldb, c: scratch, ldc: n, backend: .builtIn)
    olk_matrix_subtract(type.cValue, m, n, c, ldc, scratch, n)
  }

  /// Runs `body` with `count` uninitialized elements of `type`.
  private static func withScratch<Result>(
    _ type: ScalarType, count: Int, _ body: (UnsafeMutableRawPointer) -> Result
  ) -> Result {
    let scratch = UnsafeMutableRawPointer.allocate(
      byteCount: Swift.max(count, 1) * type.byteCount, alignment: 64)
    defer { scratch.deallocate() }
    return body(scratch)
  }
}
