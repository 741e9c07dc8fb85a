/// A collective started without waiting for it (the non-blocking variants, such as
/// ``Distributed/startAllReduce(_:op:)``): the caller computes on, and ``wait()`` gives the result.
///
/// Every rank must start the same collectives in the same order. Open MPI moves a started
/// collective on whenever any MPI call runs on this process, ``isComplete`` included.
public final class CollectiveHandle<Result>: @unchecked Sendable {
  let requests: [PendingRequest]
  let operation: String
  private var finish: (() -> Result)?
  private var result: Result?

  init(_ operation: String, requests: [PendingRequest], finish: @escaping () -> Result) {
    self.operation = operation
    self.requests = requests
    self.finish = finish
  }

  /// Whether the result is ready, without waiting.
  public var isComplete: Bool {
    guard let world = World.current else { return true }
    return requests.allSatisfy(world.test)
  }

  /// Waits for the collective and returns its result (the same value on later calls).
  public func wait() -> Result {
    if let result { return result }
    if let world = World.current {
      for request in requests { world.wait(request, operation) }
    }
    let value = finish!()
    finish = nil
    result = value
    return value
  }

  /// A handle whose result is `transform` of this one's.
  func mapped<Other>(_ transform: @escaping (Result) -> Other) -> CollectiveHandle<Other> {
    CollectiveHandle<Other>(operation, requests: requests) { transform(self.wait()) }
  }
}
