import OlympusCore

/// Data-parallel training (PyTorch's `DistributedDataParallel`): every rank holds the same model,
/// computes the gradient of its own shard of each batch, and gets the gradient averaged over all
/// ranks, so that an identical optimizer step keeps every rank's parameters identical.
///
/// ```swift fragment
/// try Distributed.initialize()
/// let parallel = DataParallel(model)                      // rank 0's parameters on every rank
/// var model = parallel.model
/// for batch in training.batches(size: 64, key: epochKey) {
///   let (images, labels) = (Distributed.shard(batch.inputs), Distributed.shard(batch.labels))
///   let (loss, gradient) = parallel.valueAndGradient(at: model) { crossEntropy($0(images), labels) }
///   optimizer.update(&model, along: gradient)
/// }
/// ```
///
/// The gradient is computed on the eager tape; a hook on each parameter hands its gradient over as
/// soon as the backward pass has finished it, and buckets of at most `bucketByteCount` bytes are
/// all-reduced while the pass goes on. In debug builds every call first checks that all ranks
/// hold bitwise the same `model` (``checkReplicas(_:)``), so a step that left them apart stops
/// the job at the next one.
public struct DataParallel<Model: TensorTree> {
  /// The model as rank 0 gave it (broadcast by `init`).
  public let model: Model
  /// The largest bucket of gradients reduced in one collective, in bytes.
  public let bucketByteCount: Int

  /// Broadcasts `model`'s parameters from rank 0 to every rank.
  public init(_ model: Model, bucketByteCount: Int = 1 << 20) {
    self.model = Distributed.broadcast(model, root: 0)
    self.bucketByteCount = bucketByteCount
  }

  /// This rank's `loss` at `model` and the gradient of the mean over ranks of the ranks' losses:
  /// each rank's gradient, averaged over ranks in buckets started during the backward pass. With
  /// equal shards and a loss that averages over its shard, this is the gradient of the whole
  /// batch's loss.
  public func valueAndGradient(at model: Model, of loss: (Model) -> Tensor) -> (value: Tensor, gradient: Model) {
    let result = valueAndGradientReport(at: model, of: loss)
    return (result.value, result.gradient)
  }

  /// ``valueAndGradient(at:of:)`` and how many of the buckets started before the backward pass
  /// ended, out of how many.
  public func valueAndGradientReport(at model: Model, of loss: (Model) -> Tensor) -> (
    value: Tensor, gradient: Model, overlappedBuckets: Int, buckets: Int
  ) {
    // Debug builds check that the previous step left every rank with the same parameters.
    checkReplicas(model)
    let (leaves, structure) = model.flattened()
    let buckets = GradientBuckets(leaves: leaves, byteCount: bucketByteCount)
    // The forward and backward passes run in a scope of their own, so that the tape they recorded
    // is freed before the wait for the last buckets, while those are still being reduced.
    let value = { () -> Tensor in
      let tracked = leaves.enumerated().map { index, leaf -> Tensor in
        guard leaf.dtype.isFloatingPoint else { return leaf }
        let parameter = freshLeaf(leaf).requiringGrad()
        parameter.registerHook { gradient in
          buckets.receive(gradient, forLeaf: index)
          return nil
        }
        return parameter
      }
      let value = loss(Model(structure: structure, leaves: tracked))
      // The tape reaches leaves weakly: the tracked parameters must outlive the backward pass.
      withExtendedLifetime(tracked) { value.backward() }
      return value.detached()
    }()
    let gradient = buckets.finish(leaves)
    return (value, Model(structure: structure, leaves: gradient), buckets.startedDuringBackward, buckets.buckets.count)
  }

  /// In debug builds, checks that every rank holds bitwise the same `model` (a checksum of its
  /// bytes, all-gathered) and ends the job naming the ranks that differ; does nothing in release
  /// builds (``replicaChecksums(_:)`` checks explicitly).
  public func checkReplicas(_ model: Model) {
    #if DEBUG
      let sums = Self.replicaChecksums(model)
      if let differing = sums.indices.first(where: { sums[$0] != sums[0] }) {
        Distributed.abort(
          OlympusError("DataParallel", "rank \(differing)'s parameters differ from rank 0's (checksums \(sums[differing]) and \(sums[0]))"))
      }
    #endif
  }

  /// Every rank's checksum of `model`'s bytes (FNV-1a over the leaves in order), in rank order.
  public static func replicaChecksums(_ model: Model) -> [Int64] {
    let mine = Tensor([Int64(bitPattern: checksum(model.leaves))])
    return Distributed.allGather(mine).scalars(as: Int64.self)
  }

  /// FNV-1a over the bytes of `leaves`.
  static func checksum(_ leaves: [Tensor]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for leaf in leaves {
      leaf.withUnsafeContiguousBytes { bytes in
        for byte in bytes {
          hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
      }
    }
    return hash
  }
}
