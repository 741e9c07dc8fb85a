import OlympusCore
import OlympusOptimizers
import Testing

/// Optimizers work on any tree: float32 models stay float32, integer tensors and plain fields ride
/// along unchanged, and updates stay differentiable under `grad`.
@Suite struct ModelTreeTests {
  static let fixture = Fixture.shared

  /// A model with a float32 matrix, an integer buffer and a non-tensor field.
  struct Network: TensorTree {
    var weight: Tensor
    var layers: [Tensor]
    var updatesSeen: Tensor
    var name = "net"
  }

  /// float32 runs the same arithmetic as the float64 reference with ε = 2⁻²³ (≈ 1.2e-7): the
  /// float64 differences measured against PyTorch stay below 1ε, so 16ε (≈ 1.9e-6) relative to
  /// 1 + |value| bounds float32's own rounding with the same margin as `referenceTolerance`.
  /// (Lion's sign(c) is safe too: the generator keeps every |c| above 1e-6.)
  static let float32Tolerance = 16 * Double(Float.ulpOfOne)

  @Test(arguments: fixture.optimizers)
  func float32ModelsStayFloat32(_ reference: OptimizerCase) {
    let initial = Self.fixture.initial.model.mapLeaves { $0.astype(.float32) }
    let gradients = Self.fixture.gradients.map { $0.model.mapLeaves { $0.astype(.float32) } }
    let steps = trajectory(of: reference.stages.transformation(), from: initial, gradients: gradients, path: .optimizerUpdate)
    for parameter in steps[2].leaves { #expect(parameter.dtype == .float32) }
    expectClose(
      steps[2].mapLeaves { $0.astype(.float64) }, reference.steps[2], tolerance: Self.float32Tolerance,
      "\(reference.name) in float32")
  }

  @Test func integerLeavesAndPlainFieldsAreCarriedAlong() {
    var network = Network(
      weight: Tensor([1, 2] as [Float]), layers: [Tensor([3.0]), Tensor([4.0])], updatesSeen: Tensor([7] as [Int]))
    var gradient = network
    gradient.weight = Tensor([1, 1] as [Float])
    gradient.layers = [Tensor([1.0]), Tensor([1.0])]
    var optimizer = Optimizer(Adam(learningRate: 0.5), for: network)
    optimizer.update(&network, along: gradient)
    #expect(network.updatesSeen.dtype == .int64 && network.updatesSeen.scalars(as: Int.self) == [7])
    #expect(network.name == "net")
    #expect(network.weight.dtype == .float32)
    // Adam's first step moves each element by lr · m̂ / (√v̂ + ε) = 0.5 / (1 + 1e-8), up to a few
    // roundings of order 1 (1e-15 is ~5ε).
    let moved = network.layers.map { $0.item(as: Double.self) }
    #expect(zip(moved, [3.0, 4.0]).allSatisfy { abs($0 - ($1 - 0.5 / (1 + 1e-8))) < 1e-15 })
    let adam = Adam(learningRate: 0.5)
    var state = adam.initialState(for: network)
    let updates = adam.update(gradient, state: &state, parameters: network)
    #expect(updates.updatesSeen.scalars(as: Int.self) == [0])
  }

  @Test func anUpdateCanBeDifferentiated() {
    // One SGD step with momentum on f(p) = p², whose gradient 2p is computed inside the function:
    // p' = p - lr · 2p, so d(sum p')/dp = 1 - 2 lr (the first momentum step is the gradient itself).
    let learningRate = 0.1
    let stepped = grad(of: { (p: Tensor) -> Tensor in
      let sgd = SGD(learningRate: learningRate, momentum: 0.9)
      var state = sgd.initialState(for: p)
      return applyUpdates(sgd.update(2 * p, state: &state, parameters: p), to: p).sum()
    })
    #expect(stepped(Tensor([1.0, -3.0])).scalars(as: Double.self) == [1 - 2 * learningRate, 1 - 2 * learningRate])
  }
}
