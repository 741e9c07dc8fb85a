import Olympus

extension Workload {
  /// D2, a data-parallel training step: the demo's digits MLP (64 → 128 → 10, ReLU), Adam, on a
  /// global batch of 64 rows of the digits, each of the ranks taking its block (32 rows on 2 ranks,
  /// all 64 on 1): `DataParallel.valueAndGradient` (tape, gradient buckets all-reduced during the
  /// backward pass) and the optimizer update. Run as `olympus-bench D2` (1 process) and
  /// `mpirun -np 2 olympus-bench D2`; the system name gives the rank count. A step takes a quarter
  /// of a millisecond, so the median is taken over 500 steps after 20 untimed ones (20 steps
  /// would be 5 ms of measurement, which one scheduler tick on a shared machine can spoil).
  static let d2DataParallelStep = Workload(name: "D2", summary: "data-parallel digits MLP step, global batch 64") { context in
    let batchSize = 64
    guard let data = try? Digits.load() else {
      printError("olympus-bench: D2: the digits do not load (skipped)")
      return
    }
    let inputs = data.inputs[.slice(0, batchSize)] / Double(Digits.maximumPixelValue)
    let labels = data.labels[.slice(0, batchSize)]
    let (x, y) = (Distributed.shard(inputs), Distributed.shard(labels))
    let key = Random.key(0)
    let start = Sequential(
      Linear(inputFeatures: 64, outputFeatures: 128, key: Random.foldIn(key, 0)), Activation.relu,
      Linear(inputFeatures: 128, outputFeatures: 10, key: Random.foldIn(key, 1)))
    let parallel = DataParallel(start, bucketByteCount: 16 << 10)
    var model = parallel.model
    var optimizer = Optimizer(Adam(learningRate: 1e-3), for: model)
    let first = parallel.valueAndGradientReport(at: model) { crossEntropy($0(x), y) }
    context.measureCollective(
      "D2", system: "olympus-\(Distributed.size)rank", repetitions: 500, warmup: 20,
      extra: [
        ("ranks", .integer(Distributed.size)), ("global_batch", .integer(batchSize)), ("rank_batch", .integer(x.shape[0])),
        ("buckets", .integer(first.buckets)), ("buckets_started_during_backward", .integer(first.overlappedBuckets)),
        ("loss0", .number(first.value.item(as: Double.self))),
      ],
      derived: { [("samples_per_s", .number(Double(batchSize) / median(of: $0)))] }
    ) {
      let (_, gradient) = parallel.valueAndGradient(at: model) { crossEntropy($0(x), y) }
      optimizer.update(&model, along: gradient)
    }
  }
}
