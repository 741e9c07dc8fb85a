import Olympus

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the training command was asked to do.
struct TrainingOptions {
  var models: [ModelKind] = ModelKind.allCases
  var epochs = 30
  var batchSize = 32
  var learningRate = 3e-3
  var seed = 0
  var plotPath = "digits-loss.svg"
  /// Whether the plot's loss axis is logarithmic (the default: cross-entropy falls over orders of
  /// magnitude, and a linear axis flattens the tail into the bottom line).
  var logScale = true
  /// Where to save the first trained model as safetensors, if anywhere.
  var savePath: String?
  /// The images' side: 8 (the digits as they are) or 28 (upsampled, for the MNIST-sized CNN).
  var imageSize = 8
  /// Whether to train data-parallel on the processes mpirun started (each takes its share of
  /// every batch; rank 0 prints, plots and saves).
  var distributed = false
}

/// The outcome of training one model.
struct TrainingResult {
  let kind: ModelKind
  let losses: [Double]
  /// The test accuracy after each epoch.
  let testAccuracies: [Double]
  let stepsPerEpoch: Int
  var testAccuracy: Double { testAccuracies.last ?? 0 }
  let seconds: Double
  /// The trained model's tensors by path (`stateDict()`).
  let weights: [String: Tensor]
}

/// Trains the requested models on the digits, prints progress and test accuracy, and writes the
/// loss curves as an SVG chart.
func runTraining(_ options: TrainingOptions) throws {
  if options.distributed {
    try Distributed.initialize()
    // Every rank trains; only rank 0's output is shown.
    if Distributed.rank != 0 { _ = dup2(open("/dev/null", O_WRONLY), STDOUT_FILENO) }
  }
  var data = try Digits.loadSplit()
  if options.imageSize != 8 {
    data.training.inputs = upsampledDigits(data.training.inputs, size: options.imageSize)
    data.test.inputs = upsampledDigits(data.test.inputs, size: options.imageSize)
  }
  let side = options.imageSize
  print("Digits: \(data.training.count) training and \(data.test.count) test images of \(side)×\(side) pixels")
  var results: [TrainingResult] = []
  for kind in options.models {
    let key = Random.foldIn(Random.key(options.seed), kind == .mlp ? 1 : 2)
    switch kind {
    case .mlp:
      results.append(train(digitsMLP(key: key, pixels: side * side), kind: kind, data: data, options: options))
    case .cnn where side == 28:
      results.append(train(MNISTConvNet(key: key), kind: kind, data: data, options: options))
    case .cnn:
      results.append(train(ConvNet(key: key), kind: kind, data: data, options: options))
    }
  }
  print()
  if options.distributed {
    print("Trained data-parallel on \(Distributed.size) processes, \(options.batchSize / Distributed.size) examples of each batch per process")
  }
  for result in results {
    print(
      "\(result.kind.rawValue.uppercased()): test accuracy \(format(result.testAccuracy * 100, 2))% "
        + "after \(options.epochs) epochs, trained in \(format(result.seconds, 2)) s")
  }
  guard Distributed.rank == 0 else { return }
  let colors = ["#1f77b4", "#d62728"]
  try LossPlot.write(
    results.enumerated().map {
      LossPlot.Series(
        name: $1.kind.rawValue.uppercased(), losses: smoothed($1.losses), testAccuracy: $1.testAccuracies, color: colors[$0 % 2])
    },
    title: "Digits: training loss (moving average of 20 steps) and test accuracy",
    stepsPerEpoch: results.first?.stepsPerEpoch ?? 1, logScale: options.logScale, to: options.plotPath)
  print("Loss curves written to \(options.plotPath)")
  if let path = options.savePath, let first = results.first {
    try SavedModel.save(first.weights, kind: first.kind, accuracy: first.testAccuracy, to: path)
    print("\(first.kind.rawValue.uppercased()) saved to \(path) (safetensors; olympus-demo predict --model \(path))")
  }
}

/// Trains `model` with Adam on the cross-entropy loss, one progress line per epoch.
func train<Model: Module>(
  _ initial: Model, kind: ModelKind, data: (training: LabeledDataset, test: LabeledDataset), options: TrainingOptions
) -> TrainingResult {
  // Distributed: rank 0's initial parameters on every rank, gradients averaged over ranks.
  let parallel = options.distributed ? DataParallel(initial) : nil
  var model = parallel?.model ?? initial
  var optimizer = Optimizer(Adam(learningRate: options.learningRate), for: model)
  let step = valueAndGrad(of: { (model: Model, batch: [Tensor]) in crossEntropy(model(batch[0]), batch[1]) })
  let batches = data.training.batches(size: options.batchSize, key: Random.key(options.seed + 100))
  var losses: [Double] = []
  var testAccuracies: [Double] = []
  var evaluationSeconds = 0.0  // not counted as training time
  let start = monotonicSeconds()
  print("\nTraining the \(kind.rawValue.uppercased()) (\(model.parameters.reduce(0) { $0 + $1.elementCount }) parameters)")
  for epoch in 0..<options.epochs {
    let progress = ProgressBar(title: "epoch \(epoch + 1)/\(options.epochs)", total: batches.count)
    var seen = 0
    var correct = 0
    var epochLoss = 0.0
    for (index, batch) in batches.epoch(epoch).enumerated() {
      let value: Double
      let count: Int
      if let parallel {
        // This rank's block of the batch; the loss and the count of correct labels summed over ranks.
        let (inputs, labels) = (Distributed.shard(batch.inputs), Distributed.shard(batch.labels))
        let (loss, gradient) = parallel.valueAndGradient(at: model) { crossEntropy($0(inputs), labels) }
        optimizer.update(&model, along: gradient)
        let shard = Double(labels.shape[0])
        let totals = Distributed.allReduce(
          Tensor([loss.item(as: Double.self) * shard, Double(accuracyCount(model, inputs, labels)), shard]))
          .scalars(as: Double.self)
        (value, count) = (totals[0] / totals[2], Int(totals[2]))
        correct += Int(totals[1])
      } else {
        let (loss, gradient) = step(model, [batch.inputs, batch.labels])
        optimizer.update(&model, along: gradient.0)
        (value, count) = (loss.item(as: Double.self), batch.labels.shape[0])
        correct += accuracyCount(model, batch.inputs, batch.labels)
      }
      losses.append(value)
      epochLoss += value * Double(count)
      seen += count
      progress.update(
        done: index + 1, loss: epochLoss / Double(seen), accuracy: Double(correct) / Double(seen), examples: seen)
    }
    let evaluationStart = monotonicSeconds()
    testAccuracies.append(Double(accuracyCount(model, data.test.inputs, data.test.labels)) / Double(data.test.count))
    evaluationSeconds += monotonicSeconds() - evaluationStart
    progress.finish(testAccuracy: testAccuracies[epoch])
  }
  let seconds = monotonicSeconds() - start - evaluationSeconds
  return TrainingResult(
    kind: kind, losses: losses, testAccuracies: testAccuracies, stepsPerEpoch: batches.count, seconds: seconds,
    weights: model.stateDict())
}

/// How many of `inputs` the model labels correctly.
func accuracyCount<Model: Module>(_ model: Model, _ inputs: Tensor, _ labels: Tensor) -> Int {
  (model(inputs).argmax(axis: -1) .== labels).sum().item(as: Int.self)
}

/// A moving average over `window` values, for a readable curve.
func smoothed(_ values: [Double], window: Int = 20) -> [Double] {
  var result: [Double] = []
  var total = 0.0
  for (index, value) in values.enumerated() {
    total += value
    if index >= window { total -= values[index - window] }
    result.append(total / Double(Swift.min(index + 1, window)))
  }
  return result
}
