import OlympusCore

/// The gradients of one backward pass, averaged over the ranks in buckets of bounded size, each
/// started as soon as all its gradients are ready (PyTorch DDP's overlap of communication with
/// the rest of the backward pass).
///
/// Buckets are fixed up front, walking the leaves from last to first (the order a backward pass
/// usually finishes them in), and are started strictly in bucket order, so every rank issues the
/// same collectives in the same order whatever order its gradients arrive in.
final class GradientBuckets {
  /// Leaf positions of each bucket.
  let buckets: [[Int]]
  private let bucketOfLeaf: [Int]
  private var gradients: [Tensor?]
  private var missing: [Int]
  private var started: [CollectiveHandle<[Tensor]>] = []
  /// Buckets started before `finish()`, while the backward pass was running.
  private(set) var startedDuringBackward = 0

  /// Buckets of at most `byteCount` bytes (a larger leaf gets a bucket of its own) holding the
  /// floating-point leaves (the others have no gradient).
  init(leaves: [Tensor], byteCount: Int) {
    var buckets: [[Int]] = []
    var current: [Int] = []
    var bytes = 0
    for index in leaves.indices.reversed() where leaves[index].dtype.isFloatingPoint {
      let size = leaves[index].elementCount * leaves[index].dtype.byteCount
      if !current.isEmpty && bytes + size > byteCount {
        buckets.append(current)
        current = []
        bytes = 0
      }
      current.append(index)
      bytes += size
    }
    if !current.isEmpty { buckets.append(current) }
    self.buckets = buckets
    var bucketOfLeaf = [Int](repeating: 0, count: leaves.count)
    for (bucket, members) in buckets.enumerated() { for index in members { bucketOfLeaf[index] = bucket } }
    self.bucketOfLeaf = bucketOfLeaf
    gradients = [Tensor?](repeating: nil, count: leaves.count)
    missing = buckets.map(\.count)
  }

  /// Records the gradient of leaf `index` (from a tape hook) and starts every bucket now complete
  /// whose predecessors have started.
  func receive(_ gradient: Tensor, forLeaf index: Int) {
    guard gradients[index] == nil else {
      gradients[index] = gradients[index]! + gradient
      return
    }
    gradients[index] = gradient
    missing[bucketOfLeaf[index]] -= 1
    while started.count < buckets.count && missing[started.count] == 0 {
      startNext()
      startedDuringBackward += 1
    }
    // One test moves every started bucket on while the backward pass runs (Open MPI's progress
    // engine is the process's): the oldest one not known to be complete.
    _ = started.first { !$0.isComplete }
  }

  /// The averaged gradient of every leaf once the backward pass has ended: buckets not started yet
  /// start now, with zeros for leaves that got no gradient (`leaves` gives their types); leaves
  /// that are not floating point get zeros, as `grad` gives them.
  func finish(_ leaves: [Tensor]) -> [Tensor] {
    while started.count < buckets.count {
      for index in buckets[started.count] where gradients[index] == nil {
        gradients[index] = Tensor.zeros(leaves[index].shape, dtype: leaves[index].dtype)
      }
      startNext()
    }
    var results = leaves.map { $0.dtype.isFloatingPoint ? $0 : Tensor.zeros($0.shape, dtype: $0.dtype) }
    for (members, handle) in zip(buckets, started) {
      for (index, value) in zip(members, handle.wait()) { results[index] = value }
    }
    return results
  }

  private func startNext() {
    let members = buckets[started.count]
    started.append(Distributed.startAllReduce(members.map { gradients[$0]! }, op: .mean, "DataParallel"))
  }
}
