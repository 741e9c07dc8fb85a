import COlympusKernels

/// Matrix products over raw row-major storage.
public enum MatrixMultiply {
  /// Which implementation `multiply` uses.
  public enum Backend: Sendable, Equatable {
    /// A CBLAS library loaded at run time; the string names it (path, version, configuration).
    case systemBLAS(String)
    /// The package's own blocked GEMM.
    case builtIn
  }

  /// The backend `multiply` uses unless told otherwise, resolved once at first use:
  ///
  /// 1. `builtIn` when the CPU has AVX-512 (`SIMDPaths.isAVX512Supported`) and none of the
  ///    environment variables `OLYMPUS_DISABLE_SIMD`, `OLYMPUS_DISABLE_AVX512` and
  ///    `OLYMPUS_PREFER_BLAS` is set (to something other than 0): the start-up configuration in
  ///    which the built-in GEMM runs its AVX-512 micro-kernel. Measured on AMD Zen 5 with 2
  ///    threads and an otherwise idle machine, it runs float32 products about 1.9× as fast as
  ///    OpenBLAS 0.3.21, whose Haswell kernel is what Debian's build picks there: best of three
  ///    runs, 128×512×784, 128×512×512 and 784×512×128 (an MLP training step's shapes) 432, 436
  ///    and 484 GFLOP/s against 236, 231 and 241; 256³ 455 against 239; 1024³ 4.6 ms against
  ///    8.8 ms (the W7 benchmark, medians).
  /// 2. Otherwise the system BLAS when one loads (OpenBLAS, BLIS or MKL on Linux, Accelerate on
  ///    macOS) and `OLYMPUS_DISABLE_BLAS` is unset or 0.
  /// 3. Otherwise `builtIn`.
  public static let defaultBackend: Backend = {
    let switches = ["OLYMPUS_DISABLE_SIMD", "OLYMPUS_DISABLE_AVX512", "OLYMPUS_PREFER_BLAS"]
    if SIMDPaths.isAVX512Supported && !switches.contains(where: environmentFlag) { return .builtIn }
    return systemBLAS ?? .builtIn
  }()

  /// The system BLAS when one loads and `OLYMPUS_DISABLE_BLAS` is unset or 0, whether or not it
  /// is `defaultBackend`; otherwise nil.
  public static var systemBLAS: Backend? { SystemBLAS.loaded.map { .systemBLAS($0.name) } }

  /// C[m×n] = op(A)[m×k] · op(B)[k×n], row-major; lda/ldb/ldc are row strides in elements of the
  /// stored matrices.
  ///
  /// A is stored k×m when `transposeA` is set, otherwise m×k; B is stored n×k when `transposeB`
  /// is set, otherwise k×n. C is overwritten (its old contents are never read), and becomes zero
  /// when k is 0. float32 and float64 run on `backend`; int32 and int64 use a simple loop with
  /// wrapping arithmetic on either backend; bool is not supported.
  ///
  /// The built-in GEMM accepts any strides of A and B, including 0 and negative ones. The system
  /// BLAS is called only when each stride is at least the stored row width (and at least 1) and
  /// every size fits in 32 bits; other products, those with an empty dimension,
  /// matrix-vector products (m or n is 1; the built-in loops ran them 7–10× faster than
  /// OpenBLAS 0.3.21's sgemm at 1000×1000) and outer products (k is 1) run built-in.
  ///
  /// - Precondition: m, n, k ≥ 0; rows of C do not overlap (|ldc| ≥ n when m > 1); `backend` is
  ///   `builtIn` or a system BLAS was loaded.
  public static func multiply(
    _ type: ScalarType, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    a: UnsafeRawPointer, lda: Int, b: UnsafeRawPointer, ldb: Int,
    c: UnsafeMutableRawPointer, ldc: Int, backend: Backend = defaultBackend
  ) {
    require(type != .bool, "MatrixMultiply does not support bool")
    require(m >= 0 && n >= 0 && k >= 0, "negative matrix size")
    require(m <= 1 || abs(ldc) >= n, "rows of C overlap")
    if m == 0 || n == 0 { return }
    var problem = olk_gemm_problem()
    problem.dtype = type.cValue
    problem.trans_a = transposeA ? 1 : 0
    problem.trans_b = transposeB ? 1 : 0
    (problem.m, problem.n, problem.k) = (m, n, k)
    (problem.a, problem.lda, problem.b, problem.ldb, problem.c, problem.ldc) = (
      a, lda, b, ldb, c, ldc
    )
    if !type.isFloatingPoint {
      olk_gemm_integer(&problem)
      return
    }
    if case .systemBLAS = backend {
      guard let blas = SystemBLAS.loaded else {
        fatalError("no system BLAS is loaded")
      }
      if m > 1 && n > 1 && k > 1 && blas.accepts(problem) {
        blas.multiply(problem)
        return
      }
    }
    BuiltInGEMM.multiply(problem)
  }

  /// A batch of products of one form: product `i` reads A at `a + aOffsets[i]` and B at
  /// `b + bOffsets[i]` (offsets in elements) and writes C at `c + i·m·ldc`; otherwise as
  /// `multiply(_:transposeA:transposeB:m:n:k:a:lda:b:ldb:c:ldc:backend:)`.
  ///
  /// On the built-in backend, products too small to share among threads are themselves shared
  /// out, a range of the batch per thread; a batch of 256 outer products of 100 × 10 (per-example
  /// gradients of a linear layer) took 123 µs one after another.
  ///
  /// - Precondition: `aOffsets` and `bOffsets` have one entry per product; the products' C blocks
  ///   do not overlap.
  public static func multiply(
    _ type: ScalarType, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    a: UnsafeRawPointer, lda: Int, aOffsets: [Int], b: UnsafeRawPointer, ldb: Int, bOffsets: [Int],
    c: UnsafeMutableRawPointer, ldc: Int, backend: Backend = defaultBackend
  ) {
    require(aOffsets.count == bOffsets.count, "one offset of A and of B per product")
    let size = type.byteCount
    let product = { (index: Int) in
      multiply(
        type, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
        a: a + aOffsets[index] * size, lda: lda, b: b + bOffsets[index] * size, ldb: ldb,
        c: c + index * m * ldc * size, ldc: ldc, backend: backend)
    }
    let count = aOffsets.count
    guard backend == .builtIn, count > 1, BuiltInGEMM.runsOnOneThread(type, m: m, n: n, k: k) else {
      for index in 0..<count { product(index) }
      return
    }
    let work = Swift.max(1, m * n * Swift.max(k, 1))
    Parallel.forEachChunk(count: count, minimumChunk: Swift.max(1, batchWorkPerThread / work)) { range in
      for index in range { product(index) }
    }
  }

  /// Multiply-adds (or, for outer products, outputs) of a batch worth a thread.
  static let batchWorkPerThread = 16 * 1024
}
