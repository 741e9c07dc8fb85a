/// Dense factorizations and triangular solves of batches of square matrices in raw row-major
/// storage: the kernels behind `Linalg.cholesky`, `Linalg.solve`, `Linalg.det` and their kin.
///
/// Matrix `i` of a batch of `count` starts `i·n·n` elements (right-hand sides `i·n·k`) after the
/// base pointer. Failures are reported per matrix, never trapped on: factorizations return, for
/// each matrix, 0 or the one-based index of the first failing pivot (LAPACK's `info`).
///
/// Matrices of order at most `smallOrder` (16) run built-in on either backend, a batch of them
/// shared among threads: one LAPACK call per small matrix costs more than its arithmetic. Measured
/// on 2 vCPUs (a busy machine, medians), 10⁴ float64 systems of order 4 through
/// `vmap(Linalg.solve)`: 7.1 ms built-in, 35 ms with OpenBLAS 0.3.21's `getrf` and `trsm`.
public enum Factorization {
  /// Which implementation runs.
  public enum Backend: Sendable, Equatable {
    /// LAPACK loaded at run time; the string names the library.
    case systemLAPACK(String)
    /// The package's own blocked algorithms on the built-in GEMM.
    case builtIn
  }

  /// The system LAPACK when one loads (and `OLYMPUS_DISABLE_BLAS` is unset or 0), otherwise
  /// `builtIn`; resolved once at first use.
  public static let defaultBackend: Backend = systemLAPACK ?? .builtIn

  /// The system LAPACK when one loads and `OLYMPUS_DISABLE_BLAS` is unset or 0, whether or not it
  /// is `defaultBackend`; otherwise nil.
  public static var systemLAPACK: Backend? { SystemLAPACK.loaded.map { .systemLAPACK($0.name) } }

  /// Cholesky factorization A = L·Lᵀ in place of each symmetric positive-definite n×n matrix:
  /// L replaces the lower triangle and zeros the strict upper one. Only the lower triangle of A
  /// is read.
  ///
  /// - Returns: Per matrix, 0 or k when the leading minor of order k is not positive definite
  ///   (the pivot of column k − 1 is not positive, or not a number); the first k − 1 columns of
  ///   such a matrix hold their factor, the others are unspecified.
  public static func cholesky(
    _ type: ScalarType, n: Int, count: Int, data: UnsafeMutableRawPointer, backend: Backend = defaultBackend
  ) -> [Int] {
    require(type.isFloatingPoint && n >= 0 && count >= 0, "cholesky takes float32 or float64 matrices")
    let stride = n * n * type.byteCount
    return forEachMatrix(count: count, n: n) { index in
      let matrix = data + index * stride
      let info: Int
      switch effective(backend, n) {
      case .systemLAPACK: info = loadedLAPACK().cholesky(type, n: n, data: matrix)
      case .builtIn: info = BuiltInFactorization.cholesky(type, n: n, a: matrix, lda: n)
      }
      zeroStrictUpperTriangle(type, n: n, data: matrix)
      return info
    }
  }

  /// LU factorization with partial pivoting, P·A = L·U, in place of each n×n matrix: the
  /// multipliers of L (unit diagonal, not stored) below the diagonal, U on and above it. Row `i`
  /// of P·A is row `permutations[i]` of A (`n` entries per matrix, written here).
  ///
  /// - Returns: Per matrix, 0 or k when U's diagonal element k − 1 is exactly zero (the first such
  ///   one): the matrix is singular; the factorization is still complete.
  public static func lu(
    _ type: ScalarType, n: Int, count: Int, data: UnsafeMutableRawPointer, permutations: UnsafeMutablePointer<Int32>,
    backend: Backend = defaultBackend
  ) -> [Int] {
    require(type.isFloatingPoint && n >= 0 && count >= 0, "lu takes float32 or float64 matrices")
    require(n <= Int(Int32.max), "lu: n exceeds 32 bits")
    let stride = n * n * type.byteCount
    return forEachMatrix(count: count, n: n) { index in
      let matrix = data + index * stride
      var swaps = [Int](repeating: 0, count: n)
      let info: Int
      switch effective(backend, n) {
      case .systemLAPACK: info = loadedLAPACK().lu(type, n: n, data: matrix, swaps: &swaps)
      case .builtIn: info = BuiltInFactorization.lu(type, n: n, a: matrix, lda: n, swaps: &swaps)
      }
      let permutation = UnsafeMutableBufferPointer(start: permutations + index * n, count: n)
      for row in 0..<n { permutation[row] = Int32(row) }
      for (row, other) in swaps.enumerated() where other != row { permutation.swapAt(row, other) }
      return info
    }
  }

  /// Solves op(A)·X = B in place of each n×k right-hand side B, A triangular (lower when
  /// `lower` is set, upper otherwise; `transposeA` makes op(A) = Aᵀ, `lower` describing A
  /// itself), with ones on the diagonal when `unitDiagonal` is set (then the diagonal is not
  /// read). Only A's triangle is read. A zero diagonal element gives infinities or NaNs.
  public static func solveTriangular(
    _ type: ScalarType, n: Int, k: Int, count: Int, a: UnsafeRawPointer, b: UnsafeMutableRawPointer, lower: Bool,
    transposeA: Bool, unitDiagonal: Bool, backend: Backend = defaultBackend
  ) {
    require(type.isFloatingPoint && n >= 0 && k >= 0 && count >= 0, "solveTriangular takes float32 or float64")
    let size = type.byteCount
    guard n > 0, k > 0 else { return }
    _ = forEachMatrix(count: count, n: Swift.max(n, k)) { index in
      let (matrix, rhs) = (a + index * n * n * size, b + index * n * k * size)
      switch effective(backend, n) {
      case .systemLAPACK:
        loadedLAPACK().solveTriangular(
          type, n: n, k: k, a: matrix, b: rhs, lower: lower, transposeA: transposeA, unitDiagonal: unitDiagonal)
      case .builtIn:
        // op(A)[i][j] is A[i][j], or A[j][i] when transposed; op(A) is lower when exactly one of
        // `lower` and `transposeA` holds.
        BuiltInFactorization.solveLeft(
          type, n: n, k: k, a: matrix, rowStride: transposeA ? 1 : n, columnStride: transposeA ? n : 1,
          lower: lower != transposeA, unitDiagonal: unitDiagonal, b: rhs, ldb: k, scratch: nil)
      }
      return 0
    }
  }

  /// Matrices of at most this order run built-in and are spread over threads by the batch; larger
  /// ones run one after another, each on the threads of its products.
  static let smallOrder = 16

  /// Runs `body` on every matrix of a batch and collects what it returns; batches of small
  /// matrices are shared among threads.
  private static func forEachMatrix(count: Int, n: Int, _ body: (Int) -> Int) -> [Int] {
    var results = [Int](repeating: 0, count: count)
    guard n <= smallOrder, count > 1 else {
      for index in 0..<count { results[index] = body(index) }
      return results
    }
    results.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      let work = Swift.max(1, n * n * n)
      Parallel.forEachChunk(count: count, minimumChunk: Swift.max(1, 16 * 1024 / work)) { range in
        for index in range { base[index] = body(index) }
      }
    }
    return results
  }

  /// `backend`, or `builtIn` for matrices of order at most `smallOrder`.
  private static func effective(_ backend: Backend, _ n: Int) -> Backend {
    n <= smallOrder ? .builtIn : backend
  }

  private static func loadedLAPACK() -> SystemLAPACK {
    guard let library = SystemLAPACK.loaded else { fatalError("OlympusKernels: no system LAPACK is loaded") }
    return library
  }

  private static func zeroStrictUpperTriangle(_ type: ScalarType, n: Int, data: UnsafeMutableRawPointer) {
    let size = type.byteCount
    for row in 0..<n where row + 1 < n {
      (data + (row * n + row + 1) * size).initializeMemory(as: UInt8.self, repeating: 0, count: (n - row - 1) * size)
    }
  }
}
