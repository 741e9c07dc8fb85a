import OlympusCore
import OlympusNN
import Testing

/// Loss identities and numerical stability beyond the PyTorch fixtures.
@Suite("Losses")
struct LossTests {
  let logits = Random.normal(Random.key(61), shape: [6, 5], standardDeviation: 2, dtype: .float64)
  let labels = Tensor([0, 4, 2, 2, 1, 3])

  @Test func crossEntropyIsNLLOfLogSoftmaxAndMatchesOneHotProbabilities() {
    let bound = Closeness.bound(.float64)
    expectAgreement(crossEntropy(logits, labels), nll(logSoftmax(logits), labels), tolerance: bound, "nll")
    expectAgreement(
      crossEntropy(logits, labels, labelSmoothing: 0.3), crossEntropy(logits, probabilities: oneHot(labels, count: 5, dtype: .float64), labelSmoothing: 0.3),
      tolerance: bound, "one-hot probabilities")
    let perExample = crossEntropy(logits, labels, reduction: .none)
    #expect(perExample.shape == [6])
    expectAgreement(crossEntropy(logits, labels, reduction: .sum), perExample.sum(), tolerance: bound, "sum")
    expectAgreement(crossEntropy(logits, labels), perExample.mean(), tolerance: bound, "mean")
    // Classes on axis 1 give the same losses as the same scores on the last axis.
    let sequence = logits.reshaped(to: [2, 3, 5])
    expectAgreement(
      crossEntropy(sequence.swappingAxes(1, 2), labels.reshaped(to: [2, 3]), classAxis: 1),
      crossEntropy(sequence, labels.reshaped(to: [2, 3])), tolerance: bound, "class axis")
  }

  /// Traced labels cannot be checked when the loss is staged: an out-of-range label gives that
  /// example a NaN loss instead of another example's score; labels in range (and ignored ones)
  /// give the eager losses exactly (the same operations run).
  @Test func tracedLabelsOutOfRangeGiveNaN() {
    let staged = jit { (logits: Tensor, labels: Tensor) in
      crossEntropy(logits, labels, ignoreIndex: -1, reduction: .none)
    }
    let inRange = Tensor([0, -1, 2, 2, 1, 3])
    #expect(
      staged(logits, inRange).scalars(as: Double.self)
        == crossEntropy(logits, inRange, ignoreIndex: -1, reduction: .none).scalars(as: Double.self))
    let losses = staged(logits, Tensor([0, 5, 2, -2, 1, 3])).scalars(as: Double.self)
    #expect(losses.enumerated().map { $0.element.isNaN } == [false, true, false, true, false, false])
  }

  @Test func ignoredLabelsContributeNothing() {
    let masked = Tensor([0, -1, 2, -1, 1, 3])
    let loss = crossEntropy(logits, masked, ignoreIndex: -1)
    let kept = Tensor([0, 2, 4, 5])
    expectAgreement(loss, crossEntropy(logits.take(kept), labels.take(kept)), tolerance: Closeness.bound(.float64), "mean over kept")
    let gradient = grad(of: { (x: Tensor) in crossEntropy(x, masked, ignoreIndex: -1) })(logits)
    #expect(gradient[1].scalars(as: Double.self) == [0, 0, 0, 0, 0])
  }

  @Test func stableForExtremeInputs() {
    let huge = Tensor([1e4, -1e4, 0, 3e3, -5e3, 1, 2, 3, 4, 5], shape: [2, 5])
    let value = crossEntropy(huge, Tensor([1, 0]))
    let gradient = grad(of: { (x: Tensor) in crossEntropy(x, Tensor([1, 0])) })(huge)
    #expect(value.item(as: Double.self).isFinite && gradient.scalars(as: Double.self).allSatisfy(\.isFinite))
    expectAgreement(value, Tensor(0.5 * (2e4 + 4.4519143959375933)), tolerance: 1e-12, "cross-entropy of huge logits")
    let logits32 = Tensor([-200, -90, 0, 90, 200] as [Float])
    let targets = Tensor([1, 0, 0.5, 1, 0] as [Float])
    let bce = binaryCrossEntropy(withLogits: logits32, targets: targets, reduction: .none)
    expectAgreement(bce, [200, 0, 0.6931471805599453, 0, 200], shape: [5], tolerance: 1e-6, "binary cross-entropy")
    let bceGradient = grad(of: { (x: Tensor) in binaryCrossEntropy(withLogits: x, targets: targets, reduction: .sum) })(logits32)
    expectAgreement(bceGradient, [-1, 0, 0, 0, 1], shape: [5], tolerance: 1e-6, "σ(x) − y")
    let extremes = Tensor([-1000, 1000] as [Float])
    #expect(softplus(extremes).scalars(as: Float.self) == [0, 1000])
    #expect(logSigmoid(extremes).scalars(as: Float.self) == [-1000, 0])
  }

  @Test func huberIsQuadraticInsideAndLinearOutside() {
    let predictions = Tensor([0.0, 0.5, 2.0, -3.0])
    let losses = huber(predictions, Tensor.zeros([4], dtype: .float64), delta: 1, reduction: .none)
    #expect(losses.scalars(as: Double.self) == [0, 0.125, 1.5, 2.5])
    let squared = mse(predictions, Tensor(1.0), reduction: .sum).item(as: Double.self)
    #expect(squared == 18.25)
  }

  /// Large buffers are counted in a child process, where no other test allocates meanwhile; it
  /// prints the bytes of large buffers the forward pass leaves for the backward pass.
  @Test func crossEntropyKeepsOneLogitsSizedValueForItsGradient() async throws {
    let result = try await #require(processExitsWith: .success, observing: [\.standardOutputContent]) {
      let logits = Random.normal(Random.key(62), shape: [512, 1000], dtype: .float32)
      let labels = Tensor((0..<512).map { ($0 * 37) % 1000 })
      let before = MemoryStatistics.largeBufferByteCount
      let (_, pullback) = vjp(at: logits, of: { crossEntropy($0, labels) })
      let held = MemoryStatistics.largeBufferByteCount - before
      _ = pullback(Tensor(Float(1)))
      print("held \(held)")
    }
    let output = String(decoding: result.standardOutputContent, as: UTF8.self)
    let line = output.split(separator: "\n").last { $0.hasPrefix("held") }
    let held = try #require(line?.split(separator: " ").last.flatMap { Int($0) }, "\(output)")
    // One logits-sized value, exp(logits − max), for the softmax of the backward pass, in a pool
    // block at most 25 % larger. The one-hot product kept a float one-hot tensor and the
    // log-probabilities besides: three such blocks.
    #expect(held <= 512 * 1000 * 4 * 5 / 4, "held \(held) bytes")
  }
}
