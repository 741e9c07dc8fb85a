import Foundation
import Olympus

/// The global batches of the first `steps` training steps on the digits (the same on every rank).
func digitBatches(steps: Int, batchSize: Int, dtype: DType) throws -> [(inputs: Tensor, labels: Tensor)] {
  let training = try Digits.loadSplit().training
  let batches = Array(training.batches(size: batchSize, key: Random.key(3), dropLast: true).prefix(steps))
  return batches.map { ($0.inputs.astype(dtype) / Double(Digits.maximumPixelValue), $0.labels) }
}

typealias AdamOptimizer = Optimizer<MLP, Adam>

/// Trains with `DataParallel` from `model` and `optimizer` over `batches[steps]`, each rank on its
/// shard; after every step checks that all ranks hold the same bits.
func trainParallel(
  _ model: MLP, _ optimizer: AdamOptimizer, _ batches: [(inputs: Tensor, labels: Tensor)], steps: Range<Int>, name: String
) -> (MLP, AdamOptimizer) {
  var (model, optimizer) = (model, optimizer)
  let parallel = DataParallel(model, bucketByteCount: 4096)
  model = parallel.model
  var identical = true
  for step in steps {
    let (x, labels) = (Distributed.shard(batches[step].inputs), Distributed.shard(batches[step].labels))
    let (_, gradient) = parallel.valueAndGradient(at: model) { crossEntropy($0(x), labels) }
    optimizer.update(&model, along: gradient)
    parallel.checkReplicas(model)
    let sums = DataParallel<MLP>.replicaChecksums(model)
    identical = identical && sums.allSatisfy { $0 == sums[0] }
  }
  expect(identical, "\(name): every rank's parameters are bitwise identical after every step")
  return (model, optimizer)
}

/// Trains on whole batches in this process alone, for comparison.
func trainAlone(_ model: MLP, _ batches: [(inputs: Tensor, labels: Tensor)], steps: Int) -> MLP {
  var model = model
  var optimizer = AdamOptimizer(Adam(learningRate: 1e-2), for: model)
  for step in 0..<steps {
    let (x, labels) = batches[step]
    optimizer.update(&model, along: grad(of: { (m: MLP) in crossEntropy(m(x), labels) })(model))
  }
  return model
}

func checkTraining(scratch: URL) throws {
  let size = Distributed.size
  let steps = 12
  let batchSize = 72  // divisible by 1, 2 and 3 ranks
  for dtype in [DType.float32, .float64] {
    let batches = try digitBatches(steps: steps, batchSize: batchSize, dtype: dtype)
    let start = MLP(sizes: [64, 32, 10], key: Random.key(5), dtype: dtype)
    let optimizer = AdamOptimizer(Adam(learningRate: 1e-2), for: start)
    let (first, _) = trainParallel(start, optimizer, batches, steps: 0..<steps, name: "training \(dtype)")
    let (again, _) = trainParallel(start, optimizer, batches, steps: 0..<steps, name: "training \(dtype) again")
    expect(zip(first.leaves, again.leaves).allSatisfy(bitwiseEqual), "training \(dtype) is deterministic")
    if dtype == .float64 {
      // Same global batches in one process: only the order of the gradient sums differs, float64
      // rounding of ~1e-16 relative amplified by 12 Adam steps on O(0.1) parameters stays far below
      // 1e-9 (the observed differences are about 1e-14).
      let alone = trainAlone(start, batches, steps: steps)
      let difference = zip(first.leaves, alone.leaves).map { largestDifference($0, $1) }.max() ?? 0
      expect(difference <= 1e-9, "\(size)-rank training matches 1-process training on the whole batches", "\(difference)")
    }
  }

  // Checkpoint and resume: stop after 6 steps, save, go on to 12; a restart from the file reaches
  // the same bits.
  let batches = try digitBatches(steps: steps, batchSize: batchSize, dtype: .float32)
  let start = MLP(sizes: [64, 32, 10], key: Random.key(5))
  let url = scratch.appendingPathComponent("checkpoint-\(size).safetensors")
  var (model, optimizer) = trainParallel(start, AdamOptimizer(Adam(learningRate: 1e-2), for: start), batches, steps: 0..<6, name: "before the checkpoint")
  if Distributed.rank == 0 { try saveCheckpoint(model: model, optimizerState: optimizer.state, step: 6, to: url) }
  Distributed.barrier()
  (model, optimizer) = trainParallel(model, optimizer, batches, steps: 6..<steps, name: "after the checkpoint")
  var restored = MLP(sizes: [64, 32, 10], key: Random.key(99))
  var state = AdamOptimizer(Adam(learningRate: 1e-2), for: restored).state
  let step = try loadCheckpoint(from: url, model: &restored, optimizerState: &state)
  expect(step == 6, "the checkpoint holds its step")
  let (resumed, _) = trainParallel(restored, AdamOptimizer(Adam(learningRate: 1e-2), state: state), batches, steps: step..<steps, name: "resumed")
  expect(zip(model.leaves, resumed.leaves).allSatisfy(bitwiseEqual), "resuming from the checkpoint gives the same parameters")
  Distributed.barrier()
}

/// One half of the restart test across jobs: `first` trains 12 steps, saving a checkpoint after 6;
/// the second job resumes from that file. Rank 0 prints the final parameters' checksum, which the
/// test script compares between the two jobs.
func trainAcrossJobs(first: Bool, scratch: URL) throws {
  let batches = try digitBatches(steps: 12, batchSize: 72, dtype: .float32)
  let url = scratch.appendingPathComponent("restart-\(Distributed.size).safetensors")
  var model = MLP(sizes: [64, 32, 10], key: Random.key(first ? 5 : 99))
  var optimizer = AdamOptimizer(Adam(learningRate: 1e-2), for: model)
  var step = 0
  if first {
    (model, optimizer) = trainParallel(model, optimizer, batches, steps: 0..<6, name: "first job")
    if Distributed.rank == 0 { try saveCheckpoint(model: model, optimizerState: optimizer.state, step: 6, to: url) }
    step = 6
  } else {
    var state = optimizer.state
    step = try loadCheckpoint(from: url, model: &model, optimizerState: &state)
    optimizer = AdamOptimizer(Adam(learningRate: 1e-2), state: state)
  }
  (model, _) = trainParallel(model, optimizer, batches, steps: step..<12, name: first ? "first job" : "resumed job")
  let checksums = DataParallel<MLP>.replicaChecksums(model)
  if Distributed.rank == 0 { print("parameters after step 12: \(checksums[0])") }
}

/// Debug builds only: the last rank changes its parameters after the first step, and the next
/// `valueAndGradient` must end the job naming it (release builds skip the check and say so).
func divergeReplicas() throws {
  let batches = try digitBatches(steps: 2, batchSize: 72, dtype: .float32)
  let parallel = DataParallel(MLP(sizes: [64, 32, 10], key: Random.key(5)))
  var model = parallel.model
  for step in 0..<2 {
    let (x, labels) = (Distributed.shard(batches[step].inputs), Distributed.shard(batches[step].labels))
    _ = parallel.valueAndGradient(at: model) { crossEntropy($0(x), labels) }
    if Distributed.rank == Distributed.size - 1 { model = model.mapLeaves { $0 + 1e-3 } }
  }
  print("rank \(Distributed.rank): no replica check in release builds")
}

/// Trains until step 3, where the last rank fails: by throwing (`kill: false`) or by killing
/// itself with SIGKILL. The other ranks must end within seconds, naming it.
func failAtStep(kill: Bool) throws {
  let batches = try digitBatches(steps: 40, batchSize: 72, dtype: .float32)
  var model = MLP(sizes: [64, 32, 10], key: Random.key(5))
  var optimizer = AdamOptimizer(Adam(learningRate: 1e-2), for: model)
  let parallel = DataParallel(model)
  model = parallel.model
  struct InjectedFault: Error, CustomStringConvertible { var description: String { "an injected fault at step 3" } }
  for step in 0..<40 {
    if step == 3 && Distributed.rank == Distributed.size - 1 {
      // The test script measures the time from this line to the end of the job.
      FileHandle.standardOutput.write(Data("fault injected at \(Date().timeIntervalSince1970)\n".utf8))
      if kill { raise(SIGKILL) }
      throw InjectedFault()
    }
    let (x, labels) = (Distributed.shard(batches[step].inputs), Distributed.shard(batches[step].labels))
    let (_, gradient) = parallel.valueAndGradient(at: model) { crossEntropy($0(x), labels) }
    optimizer.update(&model, along: gradient)
  }
}
