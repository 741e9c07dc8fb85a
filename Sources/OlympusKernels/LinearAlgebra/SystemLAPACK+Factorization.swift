/// The factorizations of `Factorization` on LAPACK, for one row-major n×n matrix each. LAPACK
/// reads row-major storage as the transpose, so a symmetric matrix's lower triangle is its upper
/// one, and a triangular solve op(A)·X = B becomes Xᵀ·op(A)ᵀ = Bᵀ.
extension SystemLAPACK {
  /// `potrf` of the upper triangle in LAPACK's view (the row-major lower one); returns `info`.
  func cholesky(_ type: ScalarType, n: Int, data: UnsafeMutableRawPointer) -> Int {
    guard n > 0 else { return 0 }
    var (order, lda, info) = (Int32(n), Int32(n), Int32(0))
    Self.withCharacters(["U"]) { flags in
      routines(type).potrf(flags[0], &order, data, &lda, &info, 1)
    }
    return Int(info)
  }

  /// `getrf` on a column-major copy (the factorization of A, not of Aᵀ), copied back; `swaps`
  /// gets the zero-based interchanges. Returns `info`.
  func lu(_ type: ScalarType, n: Int, data: UnsafeMutableRawPointer, swaps: inout [Int]) -> Int {
    guard n > 0 else { return 0 }
    let size = type.byteCount
    let columnMajor = UnsafeMutableRawPointer.allocate(byteCount: n * n * size, alignment: 64)
    defer { columnMajor.deallocate() }
    Self.transpose(type, n: n, from: data, to: columnMajor)
    var pivots = [Int32](repeating: 0, count: n)
    var (order, lda, info) = (Int32(n), Int32(n), Int32(0))
    var columns = order
    routines(type).getrf(&order, &columns, columnMajor, &lda, &pivots, &info)
    Self.transpose(type, n: n, from: columnMajor, to: data)
    for index in 0..<n { swaps[index] = Int(pivots[index]) - 1 }
    return Int(info)
  }

  /// `trsm` from the right on Bᵀ (k×n column-major, the row-major B) with Aᵀ's triangle.
  func solveTriangular(
    _ type: ScalarType, n: Int, k: Int, a: UnsafeRawPointer, b: UnsafeMutableRawPointer, lower: Bool,
    transposeA: Bool, unitDiagonal: Bool
  ) {
    var (rows, columns, lda, ldb) = (Int32(k), Int32(n), Int32(n), Int32(k))
    let flags: [Character] = ["R", lower ? "U" : "L", transposeA ? "T" : "N", unitDiagonal ? "U" : "N"]
    Self.withCharacters(flags) { flags in
      if type == .float32 {
        var one: Float = 1
        routines(type).trsm(flags[0], flags[1], flags[2], flags[3], &rows, &columns, &one, a, &lda, b, &ldb, 1, 1, 1, 1)
      } else {
        var one: Double = 1
        routines(type).trsm(flags[0], flags[1], flags[2], flags[3], &rows, &columns, &one, a, &lda, b, &ldb, 1, 1, 1, 1)
      }
    }
  }

  /// Copies the n×n matrix at `from` transposed to `to`.
  static func transpose(_ type: ScalarType, n: Int, from: UnsafeRawPointer, to: UnsafeMutableRawPointer) {
    func copy<T>(_: T.Type) {
      let (source, target) = (from.assumingMemoryBound(to: T.self), to.assumingMemoryBound(to: T.self))
      let block = 32
      for rowBlock in stride(from: 0, to: n, by: block) {
        for columnBlock in stride(from: 0, to: n, by: block) {
          for row in rowBlock..<Swift.min(rowBlock + block, n) {
            for column in columnBlock..<Swift.min(columnBlock + block, n) {
              target[column * n + row] = source[row * n + column]
            }
          }
        }
      }
    }
    if type == .float32 { copy(Float.self) } else { copy(Double.self) }
  }
}
