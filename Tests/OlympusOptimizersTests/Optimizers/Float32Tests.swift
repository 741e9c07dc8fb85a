import OlympusCore
import OlympusOptimizers
import Testing

/// float32 parameters stay float32: learning rates and bias corrections, float64 scalar tensors
/// computed from the counts, are converted to the parameters' type where they meet them.
@Suite struct Float32Tests {
  static let fixture = Fixture.shared

  /// How far a float32 parameter may be from the float64 reference after three steps, relative to
  /// `1 + |want|`, in float32 ε (2⁻²³ ≈ 1.2e-7): parameters and gradients are rounded to float32
  /// and each step rounds some ten times, on values of order 1 with denominators kept away from 0
  /// (see `referenceTolerance`); the final rounding of the result dominates, and the largest
  /// error measured over all cases is 0.56ε. 8ε ≈ 9.5e-7 leaves room for another libm and stays
  /// well below what a wrong formula moves parameters by (more than 1e-5).
  static let tolerance = 8 * Double(Float.ulpOfOne)

  @Test(arguments: fixture.optimizers)
  func float32ParametersFollowTheReferenceInFloat32(_ reference: OptimizerCase) {
    let single = { (model: Model) in model.mapLeaves { $0.astype(.float32) } }
    let transformation = reference.stages.transformation()
    let steps = trajectory(
      of: transformation, from: single(Self.fixture.initial.model),
      gradients: Self.fixture.gradients.map { single($0.model) }, path: .transformation)
    for (index, (model, expected)) in zip(steps, reference.steps).enumerated() {
      for (got, want) in zip(model.leaves, expected.model.leaves) {
        #expect(got.dtype == .float32, "\(reference.name) step \(index + 1)")
        let error = (abs(got.astype(.float64) - want) / (1 + abs(want))).max().item(as: Double.self)
        #expect(error <= Self.tolerance, "\(reference.name) step \(index + 1): relative error \(error)")
      }
    }
  }

  @Test func statesKeepFloat32MomentsAndInt64Counts() {
    let parameters = Self.fixture.initial.model.mapLeaves { $0.astype(.float32) }
    let gradients = Self.fixture.gradients[0].model.mapLeaves { $0.astype(.float32) }
    let adam = Adam(learningRate: ExponentialDecay(initialValue: 0.1, gamma: 0.9), amsgrad: true)
    var state = adam.initialState(for: parameters)
    let updates = adam.update(gradients, state: &state, parameters: parameters)
    #expect(updates.leaves.allSatisfy { $0.dtype == .float32 })
    let (leaves, structure) = state.flattened()
    for (path, leaf) in zip(structure.leafPaths, leaves) {
      let counts = path == "count" || path.hasSuffix(".step")
      #expect(leaf.dtype == (counts ? .int64 : .float32), "\(path)")
    }
  }
}
