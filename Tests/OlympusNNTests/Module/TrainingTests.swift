import OlympusCore
import OlympusNN
import Testing

/// End to end: a small CNN with BatchNorm and Dropout trained by plain gradient descent, the
/// functional way and the tape way in lockstep.
@Suite("Training")
struct TrainingTests {
  typealias Network = Sequential<Conv2d, BatchNorm, Activation, MaxPool2d, Flatten, Dropout, Linear>

  static func network() -> Network {
    let key = Random.key(71)
    return Sequential(
      Conv2d(inputChannels: 1, outputChannels: 4, kernelSize: 3, padding: 1, key: Random.foldIn(key, 0), dtype: .float64),
      BatchNorm(featureCount: 4, dtype: .float64), Activation.relu, MaxPool2d(kernelSize: 2), Flatten(),
      Dropout(rate: 0.2), Linear(inputFeatures: 4 * 3 * 3, outputFeatures: 2, key: Random.foldIn(key, 1), dtype: .float64))
  }

  /// Two classes: a bright top half or a bright bottom half, with noise.
  static func data() -> (images: Tensor, labels: Tensor) {
    let labels = Tensor([0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1])
    let rows = Tensor.arange(6, dtype: .float64).reshaped(to: [1, 1, 6, 1])
    let top = (rows .< 3.0).astype(.float64)
    let pattern = select((labels .== 0.0).reshaped(to: [16, 1, 1, 1]), top, 1 - top).broadcast(to: [16, 1, 6, 6])
    return (pattern + 0.3 * Random.normal(Random.key(72), shape: [16, 1, 6, 6], dtype: .float64), labels)
  }

  @Test func functionalAndTapeTrainingAgreeAndLearn() throws {
    let (images, labels) = Self.data()
    var functional = Self.network()
    var taped = Self.network()
    var losses: [Double] = []
    for step in 0..<15 {
      let key = Random.foldIn(Random.key(73), step)
      let (loss, updated, gradient) = valueAndGrad(of: { (m: Network) in
        let (logits, updated) = m.forward(images, mode: .training(key: key))
        return (crossEntropy(logits, labels), updated)
      })(functional)
      functional = zipLeaves(updated, gradient) { $0 - 0.5 * $1 }
      losses.append(loss.item(as: Double.self))

      let tracked = taped.requiringGrad()
      let (logits, tapedUpdated) = tracked.forward(images, mode: .training(key: key))
      let tapedLoss = crossEntropy(logits, labels)
      tapedLoss.backward()
      expectAgreement(tapedLoss, loss, tolerance: 1e-12, "step \(step) loss")
      let gradients = Dictionary(uniqueKeysWithValues: tracked.namedParameters.map { ($0.path, $0.tensor.grad) })
      taped = Network(structure: tapedUpdated.flattened().structure, leaves: zip(tapedUpdated.namedLeaves, tapedUpdated.leaves).map { named, leaf in
        guard let gradient = gradients[named.path] ?? nil else { return leaf.detached() }
        return (leaf - 0.5 * gradient).detached()
      })
    }
    #expect(losses.last! < 0.3 * losses.first!, "losses \(losses)")
    for ((path, a), (_, b)) in zip(functional.namedLeaves, taped.namedLeaves) {
      expectAgreement(a, b, tolerance: 1e-10, "after training: \(path)")
    }
    let accuracy = (functional(images).argmax(axis: -1) .== labels).astype(.float64).mean().item(as: Double.self)
    #expect(accuracy == 1, "evaluation-mode accuracy \(accuracy)")
  }
}
