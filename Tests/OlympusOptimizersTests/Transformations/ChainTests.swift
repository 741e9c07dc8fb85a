import OlympusCore
import OlympusOptimizers
import Testing

/// Chains compose stages in order; an optimizer's options and the equivalent chains agree bit for
/// bit (the same operations in the same order).
@Suite struct ChainTests {
  static let fixture = Fixture.shared
  static let gradients = fixture.gradients.map(\.model)

  /// The parameters after three updates.
  static func trained(_ transformation: some GradientTransformation) -> [[Double]] {
    trajectory(of: transformation, from: fixture.initial.model, gradients: gradients, path: .optimizerUpdate)[2]
      .leaves.map { $0.scalars(as: Double.self) }
  }

  @Test func aChainOfOneIsTheTransformationItself() {
    let single = chain { Lion() }
    #expect(type(of: single) == Lion.self)
    let three = chain {
      ClipByValue(1)
      Scale(2)
      ScaleByLearningRate(0.1)
    }
    #expect(type(of: three) == Chain<Chain<ClipByValue, Scale>, ScaleByLearningRate>.self)
  }

  @Test func learningRateStagesEqualPlainSGD() {
    let sgd = Self.trained(SGD(learningRate: 0.1))
    #expect(Self.trained(ScaleByLearningRate(0.1)) == sgd)
    #expect(Self.trained(Scale(-0.1)) == sgd)
  }

  @Test func addDecayedWeightsBeforeSGDIsL2WeightDecay() {
    let decayed = chain {
      AddDecayedWeights(0.05)
      SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
    }
    #expect(Self.trained(decayed) == Self.trained(SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.05, nesterov: true)))
  }

  @Test func addDecayedWeightsAfterAdamIsAdamW() {
    let decoupled = chain {
      Adam(learningRate: 0.1)
      AddDecayedWeights(-0.1 * 0.01)
    }
    #expect(Self.trained(decoupled) == Self.trained(AdamW(learningRate: 0.1, weightDecay: 0.01)))
  }

  @Test func stagesRunInOrder() {
    // Clipping to 1 then scaling by 3 gives ±3; the other order clips the scaled values to ±1.
    let parameters = [Tensor([0.0, 0.0])]
    let gradients: [Tensor?] = [Tensor([5.0, -0.5])]
    func run(_ transformation: some GradientTransformation) -> [Double] {
      var state = transformation.initialState(for: parameters)
      var updates = gradients
      transformation.update(&updates, state: &state, parameters: parameters)
      return updates[0]!.scalars(as: Double.self)
    }
    #expect(run(chain { ClipByValue(1); Scale(3) }) == [3, -1.5])
    #expect(run(chain { Scale(3); ClipByValue(1) }) == [1, -1])
  }
}
