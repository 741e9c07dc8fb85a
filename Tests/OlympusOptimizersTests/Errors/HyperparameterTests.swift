import OlympusCore
import OlympusOptimizers
import Testing

/// Every hyperparameter an optimizer, transformation or schedule rejects is an `OlympusError`
/// naming it: thrown inside `withErrorChecking`, a trap that prints the same text outside it, in
/// release builds too (where the standard library's `precondition` would drop the text).
@Suite struct HyperparameterTests {
  /// A rejected construction and the message it must give.
  struct Case: CustomStringConvertible, Sendable {
    let message: String
    let make: @Sendable () -> Any
    var description: String { message }
  }

  static let cases: [Case] = [
    Case(message: "Adam: beta1 1.5 is not in [0, 1)") { Adam(beta1: 1.5) },
    Case(message: "Adam: beta2 -0.5 is not in [0, 1)") { Adam(beta2: -0.5) },
    Case(message: "Adam: epsilon -1.0 is negative") { Adam(epsilon: -1) },
    Case(message: "Adam: weightDecay -1.0 is negative") { Adam(weightDecay: -1) },
    Case(message: "SGD: momentum -1.0 is negative") { SGD(momentum: -1) },
    Case(message: "SGD: weightDecay -1.0 is negative") { SGD(weightDecay: -1) },
    Case(message: "SGD: Nesterov momentum needs momentum > 0 and no dampening") { SGD(momentum: 0, nesterov: true) },
    Case(message: "RMSProp: alpha -1.0 is negative") { RMSProp(alpha: -1) },
    Case(message: "RMSProp: epsilon -1.0 is negative") { RMSProp(epsilon: -1) },
    Case(message: "RMSProp: momentum -1.0 is negative") { RMSProp(momentum: -1) },
    Case(message: "RMSProp: weightDecay -1.0 is negative") { RMSProp(weightDecay: -1) },
    Case(message: "Adagrad: learningRateDecay -1.0 is negative") { Adagrad(learningRateDecay: -1) },
    Case(message: "Adagrad: weightDecay -1.0 is negative") { Adagrad(weightDecay: -1) },
    Case(message: "Adagrad: initialAccumulatorValue -1.0 is negative") { Adagrad(initialAccumulatorValue: -1) },
    Case(message: "Adagrad: epsilon -1.0 is negative") { Adagrad(epsilon: -1) },
    Case(message: "Lion: beta1 2.0 is not in [0, 1]") { Lion(beta1: 2) },
    Case(message: "Lion: beta2 -1.0 is not in [0, 1]") { Lion(beta2: -1) },
    Case(message: "Lion: weightDecay -1.0 is negative") { Lion(weightDecay: -1) },
    Case(message: "StepDecay: stepSize 0 must be positive") { StepDecay(initialValue: 1, stepSize: 0) },
    Case(message: "CosineDecay: decaySteps 0 must be positive") { CosineDecay(initialValue: 1, decaySteps: 0) },
    Case(message: "LinearSchedule: transitionSteps -1 is negative") {
      LinearSchedule(initialValue: 1, finalValue: 0, transitionSteps: -1)
    },
    Case(message: "WarmupCosineDecay: decaySteps 5 must exceed warmupSteps 10") {
      WarmupCosineDecay(peakValue: 1, warmupSteps: 10, decaySteps: 5)
    },
    Case(message: "ClipByGlobalNorm: the maximum norm -1.0 is negative") { ClipByGlobalNorm(maxNorm: -1) },
    Case(message: "ClipByValue: the limit -1.0 is negative") { ClipByValue(-1) },
  ]

  @Test(arguments: cases)
  func aBadHyperparameterThrowsAnErrorNamingIt(_ entry: Case) {
    do {
      _ = try withErrorChecking { entry.make() }
      Issue.record("\(entry.message): no error")
    } catch let error as OlympusError {
      #expect(error.description == entry.message)
    } catch {
      Issue.record("\(entry.message): \(error)")
    }
  }

  /// A gradient tree of another structure names the optimizer and both structures' paths.
  @Test func aGradientTreeOfAnotherStructureNamesTheOptimizerAndThePaths() {
    struct Layer: TensorTree { var weight: Tensor; var bias: Tensor }
    var model = Layer(weight: Tensor.ones([2, 2]), bias: Tensor.zeros([2]))
    var optimizer = Optimizer(Adam(), for: model)
    let gradients = Layer(weight: Tensor.ones([2, 2]), bias: Tensor.ones([3]))
    #expect(
      throws: OlympusError(
        "Optimizer<Layer, Adam>.update(_:along:)", "bias: gradient float32[3] for parameter float32[2]")
    ) { try withErrorChecking { optimizer.update(&model, along: gradients) } }
    let adam = Adam()
    var state = adam.initialState(for: model.leaves)
    let three = [Tensor.ones([2, 2]), Tensor.ones([2]), Tensor.ones([1])]
    #expect(
      throws: OlympusError(
        "Adam.update(_:state:parameters:)",
        "the gradient tree (3 tensors) does not match the parameters (2 tensors): gradients for unknown parameters '2'")
    ) { try withErrorChecking { _ = adam.update(three, state: &state, parameters: model.leaves) } }
  }
}
