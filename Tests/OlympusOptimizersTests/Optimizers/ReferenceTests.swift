import OlympusCore
import OlympusOptimizers
import Testing

/// Each optimizer's first three steps against PyTorch (Lion: against the paper's algorithm), along
/// each of the three update paths.
@Suite struct ReferenceTests {
  static let fixture = Fixture.shared

  @Test(arguments: fixture.optimizers, UpdatePath.allCases)
  func firstThreeStepsMatchTheReference(_ reference: OptimizerCase, _ path: UpdatePath) {
    let transformation = reference.stages.transformation()
    let steps = trajectory(
      of: transformation, from: Self.fixture.initial.model, gradients: Self.fixture.gradients.map(\.model), path: path)
    for (index, (model, expected)) in zip(steps, reference.steps).enumerated() {
      expectClose(model, expected, "\(reference.name) (\(reference.reference)) step \(index + 1)")
    }
  }
}
