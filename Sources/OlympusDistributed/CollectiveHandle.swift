import OlympusKernels

/// A collective started without waiting for it (the non-blocking variants, such as
/// ``Distributed/startAllReduce(_:op:)``): the caller computes on, and ``wait()`` gives the result.
///
/// Every rank must start the same collectives in the same order. Open MPI moves a started
/// collective on whenever any MPI call runs on this process, ``isComplete`` included.
///
/// Sendable because its only mutable state, the pending completion and the result, lives behind
/// a lock (`state`), and `wait()` runs the completion once under it; `requests` and `operation` are
/// immutable, and MPI calls on them go through the world's own lock.
public final class CollectiveHandle<Result>: @unchecked Sendable {
  let requests: [PendingRequest]
  let operation: String
  private let state: Locked<(finish: (() -> Result)?, result: Result?)>

  init(_ operation: String, requests: [PendingRequest], finish: @escaping () -> Result) {
    self.operation = operation
    self.requests = requests
    state = Locked((finish: finish, result: nil))
  }

  /// Whether the result is ready, without waiting.
  public var isComplete: Bool {
    guard let world = World.current else { return true }
    return requests.allSatisfy(world.test)
  }

  /// Waits for the collective and returns its result (the same value on later calls).
  public func wait() -> Result {
    state.withLock { state in
      if let result = state.result { return result }
      if let world = World.current {
        for request in requests { world.wait(request, operation) }
      }
      let value = state.finish!()
      state = (finish: nil, result: value)
      return value
    }
  }

  /// A handle whose result is `transform` of this one's.
  func mapped<Other>(_ transform: @escaping (Result) -> Other) -> CollectiveHandle<Other> {
    CollectiveHandle<Other>(operation, requests: requests) { transform(self.wait()) }
  }
}
