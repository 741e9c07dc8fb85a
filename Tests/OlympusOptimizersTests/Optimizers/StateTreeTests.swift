import Foundation
import OlympusCore
import OlympusOptimizers
import Testing

/// Optimizer state is a tree: it flattens and rebuilds like a model, and checkpoints with any
/// `Encoder`, and an optimizer resumed from a checkpoint continues exactly.
@Suite struct StateTreeTests {
  static let fixture = Fixture.shared
  static let gradients = fixture.gradients.map(\.model)

  @Test func adamStateIsATreeWithOneEntryPerParameter() {
    var model = Self.fixture.initial.model
    var optimizer = Optimizer(Adam(learningRate: 0.1, amsgrad: true), for: model)
    optimizer.update(&model, along: Self.gradients[0])
    let (leaves, structure) = optimizer.state.flattened()
    #expect(leaves.count == 13)
    #expect(
      structure.leafPaths.prefix(5)
        == ["count", "parameters.0.step", "parameters.0.firstMoment", "parameters.0.secondMoment",
            "parameters.0.maxSecondMoment"])
    #expect(structure.leafPaths.last == "parameters.2.maxSecondMoment")
    let rebuilt = OptimizerState<Adam.ParameterState>(structure: structure, leaves: leaves)
    #expect(rebuilt.count.dtype == .int64 && rebuilt.count.item(as: Int.self) == 1)
    #expect(rebuilt.parameters.map { $0.step.item(as: Int.self) } == [1, 1, 1])
    #expect(zip(rebuilt.leaves, leaves).allSatisfy { $0.scalars(as: Double.self) == $1.scalars(as: Double.self) })
  }

  @Test func optionalBuffersAreLeftOutOfTheTree() {
    let parameters = Self.fixture.initial.model
    // Without momentum, SGD keeps only its counts: the update count and one per parameter.
    #expect(
      SGD(learningRate: 0.1).initialState(for: parameters).flattened().structure.leafPaths
        == ["count", "parameters.0.step", "parameters.1.step", "parameters.2.step"])
    #expect(SGD(learningRate: 0.1, momentum: 0.9).initialState(for: parameters).leaves.count == 7)
    #expect(RMSProp(momentum: 0.5, centered: true).initialState(for: parameters).leaves.count == 10)
  }

  @Test func chainStateNamesItsStages() {
    let transformation = chain {
      ClipByGlobalNorm(maxNorm: 1)
      AddDecayedWeights(0.01)
      Lion(learningRate: 0.01)
    }
    let state = transformation.initialState(for: Self.fixture.initial.model)
    #expect(
      state.flattened().structure.leafPaths
        == ["second.count", "second.parameters.0.momentum", "second.parameters.1.momentum",
            "second.parameters.2.momentum"])
  }

  @Test(arguments: ["adam-amsgrad", "sgd-nesterov", "rmsprop-centered-momentum-weight-decay", "adagrad-decay", "lion"])
  func aStateSavedAsJSONResumesExactly(_ name: String) throws {
    let reference = try #require(Self.fixture.optimizers.first { $0.name == name })
    let transformation = reference.stages.transformation()
    let (uninterrupted, resumed) = try Self.resume(transformation)
    for (p, q) in zip(uninterrupted.leaves, resumed.leaves) {
      #expect(p.scalars(as: Double.self) == q.scalars(as: Double.self))
    }
    expectClose(resumed, reference.steps[2], "\(name) step 3 after resuming")
  }

  /// Three steps straight, and two steps, a JSON round trip of the state, and a third step with a
  /// new optimizer made from the decoded state.
  static func resume<T: GradientTransformation>(_ transformation: T) throws -> (Model, Model) {
    var model = fixture.initial.model
    var optimizer = Optimizer(transformation, for: model)
    for gradient in gradients { optimizer.update(&model, along: gradient) }

    var resumedModel = fixture.initial.model
    var first = Optimizer(transformation, for: resumedModel)
    for gradient in gradients.prefix(2) { first.update(&resumedModel, along: gradient) }
    let data = try JSONEncoder().encode(first.state)
    var second = Optimizer<Model, T>(transformation, state: try JSONDecoder().decode(T.State.self, from: data))
    second.update(&resumedModel, along: gradients[2])
    return (model, resumedModel)
  }
}
