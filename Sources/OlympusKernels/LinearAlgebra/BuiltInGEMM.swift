import COlympusKernels

/// The package's own float32/float64 GEMM: C kernels for packing and micro-tiles, with the
/// threading done here.
enum BuiltInGEMM {
  /// Products with fewer multiply-adds run on the calling thread. A fork/join costs about a
  /// microsecond and each k block needs two; below this size that overhead beats the speed-up.
  static let parallelThreshold = 64 * 64 * 64

  /// Computes `problem` (unprepared) on `Parallel.threadCount` threads when it is large enough.
  static func multiply(_ problem: olk_gemm_problem) {
    var problem = problem
    olk_gemm_prepare(&problem)
    if Parallel.threadCount == 1 || problem.m * problem.n * problem.k < parallelThreshold {
      olk_gemm_serial(&problem)
      return
    }
    withUnsafePointer(to: problem) { multiplyInParallel($0) }
  }

  /// For each (NC column, KC depth) block: all threads pack their share of the block of B into
  /// one shared buffer, then each multiplies its share of rows of A (or, when there are too few
  /// row panels to share evenly, of columns of the block) by it.
  private static func multiplyInParallel(_ problem: UnsafePointer<olk_gemm_problem>) {
    let p = problem.pointee
    let packedB = olk_gemm_shared_workspace(olk_gemm_packed_b_bytes(problem))
    let rowPanels = (p.m + p.mr - 1) / p.mr
    for jc in stride(from: 0, to: p.n, by: p.nc) {
      let nc = min(p.nc, p.n - jc)
      let columnPanels = (nc + p.nr - 1) / p.nr
      let splitRows = balance(rowPanels) >= balance(columnPanels)
      for pc in stride(from: 0, to: p.k, by: p.kc) {
        let kc = min(p.kc, p.k - pc)
        Parallel.forEachChunk(count: columnPanels, minimumChunk: 4) { panels in
          olk_gemm_pack_b(problem, pc, kc, jc, nc, panels.lowerBound, panels.upperBound, packedB)
        }
        if splitRows {
          Parallel.forEachChunk(count: rowPanels, minimumChunk: 1) { panels in
            olk_gemm_compute(
              problem, pc, kc, jc, packedB, panels.lowerBound * p.mr, min(panels.upperBound * p.mr, p.m),
              0, nc)
          }
        } else {
          Parallel.forEachChunk(count: columnPanels, minimumChunk: 1) { panels in
            olk_gemm_compute(
              problem, pc, kc, jc, packedB, 0, p.m, panels.lowerBound * p.nr,
              min(panels.upperBound * p.nr, nc))
          }
        }
      }
    }
  }

  /// The fraction of the threads' time spent working when `panels` are shared out in whole panels.
  private static func balance(_ panels: Int) -> Double {
    let threads = Parallel.threadCount
    return Double(panels) / Double(threads * ((panels + threads - 1) / threads))
  }
}
