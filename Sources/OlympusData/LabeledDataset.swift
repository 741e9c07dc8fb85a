import OlympusCore

/// Examples and their labels, stacked along axis 0.
public struct LabeledDataset: Sendable {
  /// The examples, `[count, …]`.
  public var inputs: Tensor
  /// The labels, `int64[count]`.
  public var labels: Tensor

  /// Pairs examples with labels; both have the same number of rows.
  public init(inputs: Tensor, labels: Tensor) throws {
    guard inputs.rank >= 1, labels.shape == [inputs.shape.first ?? -1] else {
      throw DataError("LabeledDataset: \(inputs.shape.first ?? 0) examples (\(inputs.type)) but labels \(labels.type)")
    }
    self.inputs = inputs
    self.labels = labels
  }

  /// The number of examples.
  public var count: Int { inputs.shape[0] }

  /// The examples at `indices` (an integer tensor), with their labels.
  public func subset(_ indices: Tensor) -> LabeledDataset {
    // The rows exist: indices come from this data set's own range.
    try! LabeledDataset(inputs: inputs.take(indices), labels: labels.take(indices))
  }

  /// A deterministic split: the examples shuffled with `key`, the first `fraction` for training and
  /// the rest for testing.
  public func split(trainingFraction fraction: Double, key: Tensor) -> (training: LabeledDataset, test: LabeledDataset) {
    let order = Random.permutation(key, count: count)
    let trainingCount = Int((Double(count) * fraction).rounded())
    return (subset(order[..<trainingCount]), subset(order[trainingCount...]))
  }

  /// The data set in mini-batches, reshuffled for every epoch from `key` (see `Batches`).
  public func batches(size: Int, key: Tensor?, dropLast: Bool = false) -> Batches {
    Batches(dataset: self, batchSize: size, key: key, dropLast: dropLast)
  }
}

/// Mini-batches of a data set, shuffled with an explicit key (JAX style): the same key gives the
/// same batches, and `epoch(_:)` derives each epoch's order by folding the epoch number into it.
public struct Batches: Sequence, Sendable {
  let dataset: LabeledDataset
  let batchSize: Int
  let key: Tensor?
  let dropLast: Bool

  init(dataset: LabeledDataset, batchSize: Int, key: Tensor?, dropLast: Bool) {
    let isValid = check(batchSize > 0, OlympusError("batches(of:)", "the batch size must be positive, got \(batchSize)"))
    self.dataset = dataset
    // After a rejection inside `withErrorChecking` (which then throws), batches of one stand in.
    self.batchSize = isValid ? batchSize : 1
    self.key = key
    self.dropLast = dropLast
  }

  /// The batches of epoch `number`: a different order for every epoch when shuffling.
  public func epoch(_ number: Int) -> Batches {
    Batches(dataset: dataset, batchSize: batchSize, key: key.map { Random.foldIn($0, number) }, dropLast: dropLast)
  }

  /// How many batches an epoch has.
  public var count: Int {
    dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
  }

  /// Walks the batches in order.
  public func makeIterator() -> Iterator {
    let order = key.map { Random.permutation($0, count: dataset.count) } ?? Tensor.arange(dataset.count)
    return Iterator(batches: self, order: order)
  }

  /// Walks the batches of one epoch.
  public struct Iterator: IteratorProtocol {
    let batches: Batches
    let order: Tensor
    var position = 0

    /// The next batch of inputs and labels.
    public mutating func next() -> (inputs: Tensor, labels: Tensor)? {
      let total = batches.dataset.count
      let end = Swift.min(position + batches.batchSize, total)
      guard position < end, !(batches.dropLast && end - position < batches.batchSize) else { return nil }
      let picked = batches.dataset.subset(order[position..<end])
      position = end
      return (picked.inputs, picked.labels)
    }
  }
}
