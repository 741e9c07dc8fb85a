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
    precondition(type.isFloatingPoint && n >= 0 && k >= 0 && count >= 0, "solve takes float32 or float64 matrices")
    let size = type.byteCount
    guard n > smallOrder else {
      return forEachMatrix(count: count, n: n) { index in
        let (matrix, rhs) = (a + index * n * n * size, b + index * n * k * size)
        return type == .float32
          ? smallSolve(Float.self, n: n, k: k, a: matrix, b: rhs) : smallSolve(Double.self, n: n, k: k, a: matrix, b: rhs)
      }
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

  /// One small system: LU with partial pivoting on a copy of A, the row exchanges and the
  /// elimination applied to B as they happen, then back substitution.
  private static func smallSolve<T: BinaryFloatingPoint>(
    _: T.Type, n: Int, k: Int, a: UnsafeRawPointer, b: UnsafeMutableRawPointer
  ) -> Int {
    let x = b.assumingMemoryBound(to: T.self)
    return withUnsafeTemporaryAllocation(of: T.self, capacity: n * n) { buffer in
      let u = buffer.baseAddress!
      u.update(from: a.assumingMemoryBound(to: T.self), count: n * n)
      var info = 0
      for c in 0..<n {
        var pivot = c
        for r in (c + 1)..<n where abs(u[r * n + c]) > abs(u[pivot * n + c]) { pivot = r }
        if pivot != c {
          for j in c..<n { swap(&u[c * n + j], &u[pivot * n + j]) }
          for j in 0..<k { swap(&x[c * k + j], &x[pivot * k + j]) }
        }
        let diagonal = u[c * n + c]
        if diagonal == 0 {
          if info == 0 { info = c + 1 }
          continue
        }
        for r in (c + 1)..<n {
          let factor = u[r * n + c] / diagonal
          for j in (c + 1)..<n { u[r * n + j] -= factor * u[c * n + j] }
          for j in 0..<k { x[r * k + j] -= factor * x[c * k + j] }
        }
      }
      for c in stride(from: n - 1, through: 0, by: -1) {
        for s in (c + 1)..<n {
          let factor = u[c * n + s]
          for j in 0..<k { x[c * k + j] -= factor * x[s * k + j] }
        }
        let inverse = 1 / u[c * n + c]
        for j in 0..<k { x[c * k + j] *= inverse }
      }
      return info
    }
  }
}
