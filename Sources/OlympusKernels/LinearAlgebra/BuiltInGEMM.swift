import COlympusKernels

/// The package's own float32/float64 GEMM: C kernels for packing and micro-tiles, with the
/// threading done here.
enum BuiltInGEMM {
  /// Products with fewer multiply-adds run on the calling thread. Measured on 2 vCPUs with the
  /// pool's workers awake (medians of 21 runs, float32 square products, one thread against two):
  /// n = 48 3.4 µs both ways, n = 64 3.9 and 3.6 µs, n = 96 12.7 and 8.6 µs, n = 128 20.7 and
  /// 12.5 µs. Float64 n = 48 took 4.3 and 3.8 µs. A float64 multiply-add counts twice: the kernel
  /// does half as many per cycle.
  static let parallelThreshold = 64 * 64 * 64

  /// Outputs of an outer product (k = 1) worth a thread: writing 16K float32 results takes
  /// about 4 µs, several times a fork to the pool's awake workers.
  static let outerProductOutputsPerThread = 16 * 1024

  /// Rows of an outer product with `n` columns worth a thread.
  static func outerProductRowsPerThread(n: Int) -> Int {
    Swift.max(1, outerProductOutputsPerThread / Swift.max(n, 1))
  }

  /// Whether a product of this size runs on one thread (see `parallelThreshold`); batches of
  /// such products are spread over threads by the product instead.
  static func runsOnOneThread(_ type: ScalarType, m: Int, n: Int, k: Int) -> Bool {
    if k == 1 { return m < 2 * outerProductRowsPerThread(n: n) }
    return Double(m) * Double(n) * Double(k) * (type == .float64 ? 2 : 1) < Double(parallelThreshold)
  }

  /// Computes `problem` (unprepared, m, n > 0) on `Parallel.threadCount` threads when it is
  /// large enough; outer products (k is 1) and matrix-vector products (m or n is 1) take their own
  /// loops.
  static func multiply(_ problem: olk_gemm_problem) {
    var problem = problem
    olk_gemm_prepare(&problem)
    if problem.k == 1 {
      withUnsafePointer(to: problem) { p in
        Parallel.forEachChunk(count: problem.m, minimumChunk: outerProductRowsPerThread(n: problem.n)) {
          olk_gemm_outer(p, $0.lowerBound, $0.upperBound)
        }
      }
      return
    }
    let threads = Parallel.threadCount
    let type: ScalarType = problem.dtype == OLK_F64 ? .float64 : .float32
    let parallel = threads > 1 && !runsOnOneThread(type, m: problem.m, n: problem.n, k: problem.k)
    if problem.m == 1 || problem.n == 1 {
      let outputs = problem.n == 1 ? problem.m : problem.n
      withUnsafePointer(to: problem) { p in
        if parallel {
          Parallel.forEachChunk(count: outputs, minimumChunk: 64) {
            olk_gemm_vector(p, $0.lowerBound, $0.upperBound)
          }
        } else {
          olk_gemm_vector(p, 0, outputs)
        }
      }
      return
    }
    if !parallel {
      olk_gemm_serial(&problem)
      return
    }
    let schedule = olk_gemm_schedule_create(&problem, Int32(threads))
    Parallel.forEachChunk(count: threads, minimumChunk: 1) { _ in olk_gemm_schedule_work(schedule) }
    olk_gemm_schedule_destroy(schedule)
  }
}
