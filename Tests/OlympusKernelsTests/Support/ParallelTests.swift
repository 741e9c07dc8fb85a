import Foundation
import OlympusKernels
import Testing

/// `Parallel.forEachChunk` on the process-wide thread pool: every item is visited exactly once,
/// whether the call is nested inside another, comes from several threads at once, or follows
/// thousands of earlier calls (each run starts a new generation of the pool).
@Suite("Parallel")
struct ParallelTests {
  /// Counts visits of `count` items through `forEachChunk`, one counter per item.
  private final class Visits: @unchecked Sendable {
    let counts: UnsafeMutablePointer<Int>
    let count: Int
    init(_ count: Int) {
      self.count = count
      counts = .allocate(capacity: count)
      counts.initialize(repeating: 0, count: count)
    }
    deinit { counts.deallocate() }
    var array: [Int] { Array(UnsafeBufferPointer(start: counts, count: count)) }
  }

  @Test("every item is visited once, run after run")
  func coversEveryItemOnce() {
    for count in [0, 1, 2, 3, 17, 1000, 65_537] {
      for _ in 0..<200 {
        let visits = Visits(count)
        Parallel.forEachChunk(count: count, minimumChunk: 1) { range in
          for index in range { visits.counts[index] += 1 }
        }
        #expect(visits.array.allSatisfy { $0 == 1 }, "count \(count)")
      }
    }
  }

  @Test("a call inside a chunk runs on the calling thread and still covers its items")
  func nestedCalls() {
    let outer = 4
    let inner = 1000
    let visits = Visits(outer * inner)
    Parallel.forEachChunk(count: outer, minimumChunk: 1) { range in
      for row in range {
        Parallel.forEachChunk(count: inner, minimumChunk: 1) { columns in
          for column in columns { visits.counts[row * inner + column] += 1 }
        }
      }
    }
    #expect(visits.array.allSatisfy { $0 == 1 })
  }

  @Test("callers on several threads at once each get all their items")
  func concurrentCallers() {
    let callers = 4
    let count = 10_000
    let visits = (0..<callers).map { _ in Visits(count) }
    DispatchQueue.concurrentPerform(iterations: callers) { caller in
      for _ in 0..<100 {
        Parallel.forEachChunk(count: count, minimumChunk: 16) { range in
          for index in range { visits[caller].counts[index] += 1 }
        }
      }
    }
    for caller in 0..<callers {
      #expect(visits[caller].array.allSatisfy { $0 == 100 }, "caller \(caller)")
    }
  }
}
