import Foundation
import OlympusCore
import OlympusNN
import Testing

/// Modules as trees: parameters found by flattening and named by path, gradients of the model's
/// type, saving and loading with `Codable`.
@Suite("Modules as trees")
struct ModuleTreeTests {
  let key = Random.key(41)

  struct Classifier: Module {
    var features: Sequential<Conv2d, BatchNorm, Activation, Flatten>
    var head: MLP
    var dropout = Dropout(rate: 0.5)

    func callAsFunction(_ input: Tensor) -> Tensor { head(features(input)) }

    func forward(_ input: Tensor, mode: ForwardMode) -> (output: Tensor, updated: Classifier) {
      var updated = self
      let hidden: Tensor
      (hidden, updated.features) = features.forward(input, mode: mode.child(0))
      let dropped = dropout.forward(hidden, mode: mode.child(1)).output
      return (head(dropped), updated)
    }
  }

  func classifier() -> Classifier {
    Classifier(
      features: Sequential(
        Conv2d(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, key: Random.foldIn(key, 0), dtype: .float64),
        BatchNorm(featureCount: 2, dtype: .float64), Activation.relu, Flatten()),
      head: MLP(sizes: [2 * 4 * 4, 5, 3], key: Random.foldIn(key, 1), dtype: .float64))
  }

  @Test func parametersAreNamedByPath() {
    let model = classifier()
    #expect(
      model.namedParameters.map(\.path) == [
        "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "head.layers.0.weight",
        "head.layers.0.bias", "head.layers.1.weight", "head.layers.1.bias",
      ])
    #expect(model.namedBuffers.map(\.path) == ["features.1.runningMean", "features.1.runningVariance"])
    #expect(model.parameters.count == 8 && model.leaves.count == 10)
    #expect(model.parameters.map(\.shape) == [[2, 1, 3, 3], [2], [2], [2], [5, 32], [5], [3, 5], [3]])
    #expect(Activation.gelu.leaves.isEmpty && MaxPool2d(kernelSize: 2).namedParameters.isEmpty)
  }

  @Test func theGradientHasTheModelsType() {
    let model = classifier()
    let images = Random.normal(key, shape: [4, 1, 4, 4], dtype: .float64)
    let labels = Tensor([0, 1, 2, 1])
    let gradient: Classifier = grad(of: { (m: Classifier) in crossEntropy(m(images), labels) })(model)
    #expect(gradient.namedParameters.map(\.path) == model.namedParameters.map(\.path))
    #expect(gradient.head.layers[0].weight.shape == [5, 32])
    #expect(gradient.dropout.rate == 0.5 && gradient.features.layers.0.padding == [1, 1], "configuration is carried along")
    // One step of gradient descent on every leaf (buffers have zero gradient) lowers the loss.
    let loss = { (m: Classifier) in crossEntropy(m(images), labels).item(as: Double.self) }
    let stepped = zipLeaves(model, gradient) { $0 - 0.1 * $1 }
    #expect(loss(stepped) < loss(model))
  }

  @Test func trainingModeThreadsKeysAndState() {
    let model = classifier()
    let images = Random.normal(key, shape: [4, 1, 4, 4], dtype: .float64)
    let (first, updated) = model.forward(images, mode: .training(key: key))
    let (again, _) = model.forward(images, mode: .training(key: key))
    #expect(first.scalars(as: Double.self) == again.scalars(as: Double.self), "same key, same dropout")
    #expect(updated.features.layers.1.runningMean.scalars(as: Double.self) != [0, 0])
    #expect(model.forward(images, mode: .evaluation).output.scalars(as: Double.self) == model(images).scalars(as: Double.self))
  }

  @Test func modelsRoundTripThroughJSON() throws {
    let model = classifier().forward(Random.normal(key, shape: [4, 1, 4, 4], dtype: .float64), mode: .training(key: key)).updated
    let data = try JSONEncoder().encode(model)
    let decoded = try JSONDecoder().decode(Classifier.self, from: data)
    for ((path, original), (decodedPath, restored)) in zip(model.namedLeaves, decoded.namedLeaves) {
      #expect(path == decodedPath)
      #expect(original.scalars(as: Double.self) == restored.scalars(as: Double.self), "\(path)")
    }
    #expect(decoded.head.activation == .relu && decoded.dropout.rate == 0.5)
    let activations: [Activation] = [.leakyRelu(negativeSlope: 0.3), .elu(), .geluTanh]
    #expect(try JSONDecoder().decode([Activation].self, from: JSONEncoder().encode(activations)) == activations)
  }

  @Test func modeKeysDifferPerChild() {
    let mode = ForwardMode.training(key: key)
    #expect(mode.isTraining && !ForwardMode.evaluation.isTraining && ForwardMode.evaluation.key == nil)
    let keys = (0..<3).map { mode.child($0).key!.scalars(as: Int32.self) }
    #expect(Set(keys.map { "\($0)" }).count == 3)
    #expect(ForwardMode.training(key: nil).child(2).key == nil)
  }
}
