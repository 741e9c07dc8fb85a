import COlympusKernels

extension Factorization {
  /// Solves A·X = B in place of B for each n×n matrix A (read, not changed) and its n×k
  /// right-hand sides B, by LU factorization with partial pivoting.
  ///
  /// Matrices of order at most `smallOrder` are factored and solved in one pass each, a batch of
  /// them shared among threads (one call for a whole batch of small systems, where a LAPACK call
  /// per system costs more than its arithmetic); larger ones go through `lu` and
  /// `solveTriangular` on `backend`.
  ///
  /// - Returns: Per matrix, 0 or j when U's diagonal element j − 1 is exactly zero (the first
  ///   such one): the matrix is singular and its X holds infinities or NaN.
  public static func solve(
    _ type: ScalarType, n: Int, k: Int, count: Int, a: UnsafeRawPointer, b: UnsafeMutableRawPointer,
    backend: Backend = defaultBackend
  ) -> [Int] {
    require(type.isFloatingPoint && n >= 0 && k >= 0 && count >= 0, "solve takes float32 or float64 matrices")
    let size = type.byteCount
    guard n > smallOrder else {
      // One C pass per system (olk_solve_small takes orders up to 16, `smallOrder`).
      var infos = [Int](repeating: 0, count: count)
      infos.withUnsafeMutableBufferPointer { infos in
        let base = infos.baseAddress!
        Parallel.forEachChunk(count: count, minimumChunk: Swift.max(1, 16 * 1024 / Swift.max(1, n * n * (n + k)))) { range in
          olk_solve_small(type.cValue, n, k, range.lowerBound, range.upperBound, a, b, base)
        }
      }
      return infos
    }
    let factors = UnsafeMutableRawPointer.allocate(byteCount: n * n * size, alignment: 64)
    let permuted = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(n * k, 1) * size, alignment: 64)
    defer {
      factors.deallocate()
      permuted.deallocate()
    }
    var permutation = [Int32](repeating: 0, count: n)
    return (0..<count).map { index in
      let rhs = b + index * n * k * size
      factors.copyMemory(from: a + index * n * n * size, byteCount: n * n * size)
      let info = permutation.withUnsafeMutableBufferPointer { lu(type, n: n, count: 1, data: factors, permutations: $0.baseAddress!, backend: backend)[0] }
      // P·B, then L⁻¹ and U⁻¹.
      for (row, source) in permutation.enumerated() {
        (permuted + row * k * size).copyMemory(from: rhs + Int(source) * k * size, byteCount: k * size)
      }
      rhs.copyMemory(from: permuted, byteCount: n * k * size)
      solveTriangular(type, n: n, k: k, count: 1, a: factors, b: rhs, lower: true, transposeA: false, unitDiagonal: true, backend: backend)
      solveTriangular(type, n: n, k: k, count: 1, a: factors, b: rhs, lower: false, transposeA: false, unitDiagonal: false, backend: backend)
      return info
    }
  }
}
