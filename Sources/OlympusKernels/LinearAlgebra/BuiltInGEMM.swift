import COlympusKernels

/// The package's own float32/float64 GEMM: C kernels for packing and micro-tiles, with the
/// threading done here.
enum BuiltInGEMM {
  /// Products with fewer multiply-adds run on the calling thread. Waking a sleeping worker
  /// takes 10–50 µs on this kind of machine; the schedule never waits for a thread that has not
  /// arrived, so this only needs to be large enough that a fork is worth trying.
  static let parallelThreshold = 64 * 64 * 64

  /// Computes `problem` (unprepared) on `Parallel.threadCount` threads when it is large enough.
  static func multiply(_ problem: olk_gemm_problem) {
    var problem = problem
    olk_gemm_prepare(&problem)
    let threads = Parallel.threadCount
    if threads == 1 || problem.m * problem.n * problem.k < parallelThreshold {
      olk_gemm_serial(&problem)
      return
    }
    let schedule = olk_gemm_schedule_create(&problem, Int32(threads))
    Parallel.forEachChunk(count: threads, minimumChunk: 1) { _ in olk_gemm_schedule_work(schedule) }
    olk_gemm_schedule_destroy(schedule)
  }
}
