import OlympusCore
import OlympusSolvers
import Testing

/// Implicit differentiation composed with `vmap` (a batch of independent fits) and `jit`.
@Suite struct ImplicitTransformTests {
  static let ridge = Ridge(samples: 20, features: 5, seed: 11)
  static let projection = normal(12, [5])
  static let batch = normal(13, [4, 20])

  /// `cᵀw*(y)` with `w*` the fixed point of a gradient step (one `whileLoop`).
  static func projectedByFixedPoint(_ targets: Tensor) -> Tensor {
    let data = RidgeData(targets: targets, penalty: Tensor(0.5))
    let weights = fixedPoint(
      of: ridge.gradientStep, initial: Tensor.zeros([ridge.features], dtype: .float64), parameters: data,
      tolerance: 1e-13, maxIterations: 10_000)
    return (weights * projection).sum()
  }

  /// `cᵀw*(y)` with `w*` from the closed-form solver wrapped in `implicitSolution`.
  static func projectedByClosedForm(_ targets: Tensor) -> Tensor {
    let data = RidgeData(targets: targets, penalty: Tensor(0.5))
    let weights = implicitSolution(of: ridge.condition, parameters: data, solve: ridge.solution)
    return (weights * projection).sum()
  }

  /// Per-example gradients under `vmap` equal a loop of single gradients. Both run the same float64
  /// operations (the batched loop keeps finished examples' carries; batched LU pivots per example),
  /// so they agree to rounding: 1e-12 relative.
  @Test(arguments: [0, 1])
  func vmapOfGradEqualsALoop(_ solver: Int) {
    let f = solver == 0 ? Self.projectedByFixedPoint : Self.projectedByClosedForm
    let batched = vmap(of: grad(of: f))(Self.batch)
    let looped = stacked((0..<4).map { grad(of: f)(Self.batch[$0]) })
    #expect(relativeError(batched, looped) <= 1e-12)
    // And each equals the closed form X A⁻¹ c (fixed point within 1e-13 / (1 − rate) of the root).
    let adjoint = Linalg.solve(Self.ridge.system(RidgeData(targets: Self.batch[0], penalty: Tensor(0.5))), Self.projection)
    #expect(relativeError(batched[0], matmul(Self.ridge.design, adjoint)) <= 1e-8)
  }

  /// Under `jit` the gradient equals the eager one to rounding (the staged graph may fuse and
  /// reorder float64 operations): 1e-12 relative.
  @Test(arguments: [0, 1])
  func jitOfGradEqualsEager(_ solver: Int) {
    let f = solver == 0 ? Self.projectedByFixedPoint : Self.projectedByClosedForm
    let targets = Self.batch[1]
    let compiled = jit(grad(of: f))
    #expect(relativeError(compiled(targets), grad(of: f)(targets)) <= 1e-12)
    // A second call reuses the compiled graph with other values.
    #expect(relativeError(compiled(Self.batch[2]), grad(of: f)(Self.batch[2])) <= 1e-12)
  }
}
