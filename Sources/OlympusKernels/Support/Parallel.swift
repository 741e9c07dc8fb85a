import Dispatch

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
  ///   - minimumChunk: The fewest items worth a thread; fork and join cost about a microsecond here,
  ///     so a chunk should take well over that.
  ///   - body: Work on one range; it runs concurrently with other calls and must only write
  ///     to memory that belongs to its range.
  public static func forEachChunk(
    count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void
  ) {
    let chunks = Swift.min(threadCount, count / Swift.max(minimumChunk, 1))
    if chunks <= 1 {
      if count > 0 { body(0..<count) }
      return
    }
    withoutActuallyEscaping(body) { body in
      let box = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = count * chunk / chunks
        let end = count * (chunk + 1) / chunks
        box.value(start..<end)
      }
    }
  }
}

/// Carries a value whose concurrent use the caller has made safe into a `@Sendable` closure.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
