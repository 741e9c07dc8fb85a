import OlympusCore
import OlympusOptimizers
import Testing

/// A parameter without a gradient is skipped, as PyTorch skips parameters whose `grad` is `None`:
/// its value and its state stay as they were, so its later steps count from its own first update.
@Suite struct MissingGradientTests {
  static let fixture = Fixture.shared

  @Test(arguments: fixture.missingGradient)
  func aParameterWithoutGradIsSkippedAsInPyTorch(_ reference: OptimizerCase) {
    let steps = trajectory(
      of: reference.stages.transformation(), from: Self.fixture.initial.model,
      gradients: Self.fixture.gradients.map(\.model), path: .tapeStep, withoutGradientAtStep1: ["bias"])
    #expect(steps[0].bias.scalars(as: Double.self) == Self.fixture.initial.bias.values)
    for (index, (model, expected)) in zip(steps, reference.steps).enumerated() {
      expectClose(model, expected, "\(reference.name) (\(reference.reference)) step \(index + 1)")
    }
  }

  @Test func aNilUpdateStaysNilAndLeavesItsStateAlone() {
    let adam = Adam(learningRate: 0.1)
    let parameters = [Tensor([1.0, 2.0]), Tensor([3.0])]
    var state = adam.initialState(for: parameters)
    var updates: [Tensor?] = [Tensor([0.5, -0.5]), nil]
    adam.update(&updates, state: &state, parameters: parameters)
    #expect(updates[1] == nil)
    #expect(state.count.item(as: Int.self) == 1)
    #expect(state.parameters.map { $0.step.item(as: Int.self) } == [1, 0])
    #expect(state.parameters[1].firstMoment.scalars(as: Double.self) == [0])
    // m = 0 + (g - 0) · (1 - β₁), rounded as written.
    #expect(state.parameters[0].firstMoment.scalars(as: Double.self) == [0.5 * (1 - 0.9), -0.5 * (1 - 0.9)])
  }
}
