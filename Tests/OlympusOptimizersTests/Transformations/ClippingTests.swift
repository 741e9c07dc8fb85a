import OlympusCore
import OlympusOptimizers
import Testing

/// Clipping against `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_`.
@Suite struct ClippingTests {
  /// The norm is a sum of 16 squares and a square root; PyTorch sums per-tensor norms' squares
  /// (another order). By Higham's bound the sums differ by at most 16ε relative, the square root
  /// halves it, the factor and product add 2 roundings: 16ε covers it (values are of order 1).
  static let tolerance = 16 * Double.ulpOfOne

  @Test(arguments: Fixture.shared.clipping)
  func clippedGradientsMatchPyTorch(_ reference: ClippingCase) {
    let transformation = reference.stage.transformation()
    let gradients = Fixture.shared.gradients[0].model
    let clipped = updates(of: transformation, gradients)
    expectClose(clipped, reference.expected, tolerance: Self.tolerance, reference.name)
  }

  /// One update of `transformation` (existential opened) at the initial parameters.
  func updates(of transformation: some GradientTransformation, _ gradients: Model) -> Model {
    var state = transformation.initialState(for: gradients)
    return transformation.update(gradients, state: &state, parameters: Fixture.shared.initial.model)
  }

  @Test func globalNormIsTheNormOfAllElements() {
    let tree = [Tensor([3.0, 0.0]), Tensor([4.0], shape: [1, 1])]
    #expect(globalNorm(tree).item(as: Double.self) == 5)
    #expect(globalNorm([Tensor]()).item(as: Float.self) == 0)
  }

  @Test func clippingByNormSkipsParametersWithoutGradients() {
    var updates: [Tensor?] = [Tensor([3.0, 0.0]), nil, Tensor([4.0])]
    var state = EmptyState()
    ClipByGlobalNorm(maxNorm: 1).update(&updates, state: &state, parameters: [])
    #expect(updates[1] == nil)
    // PyTorch's factor: max_norm / (norm + 1e-6) with norm 5.
    let factor = 1 / (5 + 1e-6)
    #expect(updates[0]?.scalars(as: Double.self) == [3 * factor, 0])
    #expect(updates[2]?.scalars(as: Double.self) == [4 * factor])
  }

  @Test func clippingKeepsFloat32Updates() {
    var updates: [Tensor?] = [Tensor([3, 4] as [Float]), Tensor([1.0])]
    var state = EmptyState()
    ClipByGlobalNorm(maxNorm: 1).update(&updates, state: &state, parameters: [])
    #expect(updates.map { $0?.dtype } == [.float32, .float64])
  }
}
