import OlympusCore
import OlympusData

extension Distributed {
  /// This rank's block of `x`'s leading axis, cut into ``size`` equal blocks (the remainder, fewer
  /// than `size` rows, is left out): with the same batch on every rank, rank `r` takes rows
  /// `r·n ..< (r+1)·n`, so that the ranks together see the whole batch, each row once.
  public static func shard(_ x: Tensor) -> Tensor {
    guard x.rank > 0 else { return reject(OlympusError("Distributed.shard", "a scalar of type \(x.type) has no rows to shard")) }
    let rows = x.shape[0] / size
    return x[.slice(rank * rows, (rank + 1) * rows)]
  }
}

extension LabeledDataset {
  /// The examples of rank `rank` of `count`: the dataset cut into `count` equal contiguous blocks
  /// (the last `self.count % count` examples left out, so every rank has as many).
  public func shard(rank: Int = Distributed.rank, count: Int = Distributed.size) -> LabeledDataset {
    guard check(count > 0 && rank >= 0 && rank < count, OlympusError("shard", "rank \(rank) is not in 0..<\(count)")) else { return self }
    let rows = self.count / count
    return subset(Tensor((rank * rows..<(rank + 1) * rows).map { Int32($0) }))
  }
}
