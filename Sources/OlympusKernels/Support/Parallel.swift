import COlympusKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits loops across the machine's cores.
public enum Parallel {
  /// Threads a kernel may use: `OLYMPUS_NUM_THREADS` when set, otherwise the online processor count.
  public static let threadCount: Int = {
    if let text = getenv("OLYMPUS_NUM_THREADS"), let value = Int(String(cString: text)), value > 0 {
      return value
    }
    return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }()

  /// Calls `body` on disjoint ranges that cover `0..<count`, on several threads when `count`
  /// is at least twice `minimumChunk`, otherwise once on the calling thread.
  ///
  /// - Parameters:
  ///   - count: The number of work items.
  ///   - minimumChunk: The fewest items worth a thread; fork and join cost about a microsecond
  ///     when the pool's workers are awake (they spin for half a millisecond after each run)
  ///     and 5–50 µs when they sleep, so a chunk should take well over that.
  ///   - chunksPerThread: How many ranges to make per thread at most. The threads claim ranges
  ///     as they become free, so with more than one per thread a thread that finishes early (or
  ///     another that starts late or is descheduled) does not leave the rest waiting for a whole
  ///     half; each further range costs one atomic claim.
  ///   - body: Work on one range; it runs concurrently with other calls and must only write
  ///     to memory that belongs to its range.
  public static func forEachChunk(
    count: Int, minimumChunk: Int, chunksPerThread: Int = 1, _ body: (Range<Int>) -> Void
  ) {
    let most = threadCount == 1 ? 1 : threadCount * Swift.max(chunksPerThread, 1)
    let chunks = Swift.min(most, count / Swift.max(minimumChunk, 1))
    if chunks <= 1 {
      if count > 0 { body(0..<count) }
      return
    }
    withoutActuallyEscaping(body) { body in
      var job = ChunkedJob(count: count, chunks: chunks, body: body)
      withUnsafeMutablePointer(to: &job) { job in
        olk_parallel_run(chunks, Int32(clamping: threadCount), { context, chunk in
          let job = context!.assumingMemoryBound(to: ChunkedJob.self).pointee
          job.body(job.count * chunk / job.chunks..<job.count * (chunk + 1) / job.chunks)
        }, job)
      }
    }
  }
}

/// One `forEachChunk` call as the C thread pool sees it: its context pointer addresses this.
private struct ChunkedJob {
  let count: Int
  let chunks: Int
  let body: (Range<Int>) -> Void
}
