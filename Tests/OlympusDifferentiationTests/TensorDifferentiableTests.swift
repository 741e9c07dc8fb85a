#if canImport(_Differentiation)
import _Differentiation
import OlympusCore
import OlympusDifferentiation
import OlympusNN
import OlympusOptimizers
import Testing

/// The guide's example: a damped pendulum simulated with a Swift loop, differentiated with
/// respect to its parameters (a synthesized tangent).
struct Pendulum: Differentiable, TensorTree {
  var length: Tensor
  var damping: Tensor

  @differentiable(reverse)
  func simulate(_ angle: Tensor, steps: Int) -> Tensor {
    var (theta, omega) = (angle, angle * 0)
    for _ in 0..<steps {
      omega = omega - 0.01 * (9.81 / length * sin(theta) + damping * omega)
      theta = theta + 0.01 * omega
    }
    return theta
  }
}

/// A struct of tensors that is its own tangent (it also declares `AdditiveArithmetic`).
struct Affine: Differentiable, AdditiveArithmetic, TensorTree {
  var weight: Tensor
  var bias: Tensor
}

@Suite("Tensor as a Differentiable value")
struct TensorDifferentiableTests {
  @Test func zeroIsShapelessAndKeepsTheElementType() {
    let x = Tensor([1, 2, 3] as [Double])
    #expect((x + .zero).type == x.type && x + .zero == x)
    #expect((Tensor.zero + Tensor([1, 2] as [Float])).dtype == .float32)
    #expect(Tensor.zero == Tensor.zeros([2, 3]) && Tensor.zeros([4]) == .zero)
    #expect(x != Tensor([1, 2, 4] as [Double]) && x != Tensor([1, 2] as [Double]))
    var moved = x
    moved.move(by: .zero)
    #expect(moved == x)
    moved.move(by: Tensor([1, 1, 1] as [Double]))
    #expect(moved == Tensor([2, 3, 4] as [Double]))
  }

  @Test func anUnusedTupleResultGetsAZeroCotangent() {
    // `eigh`'s eigenvectors are unused: Swift hands the registered pullback the shapeless zero,
    // which is broadcast to the eigenvectors' shape before Olympus's pullback runs.
    let a = Tensor([2, 1, 0, 1, 3, 1, 0, 1, 4] as [Double], shape: [3, 3])
    let swift = gradient(at: a) { a in Linalg.eigh(a).eigenvalues.square().sum() }
    let olympus = grad(of: { (a: Tensor) in Linalg.eigh(a).eigenvalues.square().sum() })(a)
    // Same pullback on the same values: equal to rounding (1e-12 of entries of order 10).
    #expect(abs(swift - olympus).max().item(as: Double.self) <= 1e-12)
  }

  @Test func tupleResultsBoundFirstMatchOlympusGrad() {
    // The guide's workaround for a Swift 6.3.1 bug: bind a tuple result before reading one
    // element (luFactor's integer permutation takes a zero cotangent). Same pullbacks as `grad`
    // on the same values: equal to rounding.
    let a = Tensor([4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 5] as [Double], shape: [3, 3])
    let cases: [(String, @differentiable(reverse) (Tensor) -> Tensor)] = [
      ("slogdet", { a in let result = Linalg.slogdet(a); return result.logAbsDet }),
      ("eigh", { a in let result = Linalg.eigh(a); return result.eigenvectors.square().sum() + result.eigenvalues[0] }),
      ("qr", { a in let result = Linalg.qr(a); return result.r.sum() }),
      ("svd", { a in let result = Linalg.svd(a); return result.s.sum() }),
      ("luFactor", { a in let result = Linalg.luFactor(a); return result.lu.square().sum() }),
    ]
    for (name, f) in cases {
      let swift = gradient(at: a, of: f)
      let olympus = grad(of: { (a: Tensor) in f(a) })(a)
      #expect(abs(swift - olympus).max().item(as: Double.self) <= 1e-12, "\(name)")
    }
  }

  @Test func controlFlowOperationsAreDifferentiable() {
    let x = Tensor([0.3, -0.2, 0.7] as [Double])
    let f: @differentiable(reverse) (Tensor) -> Tensor = { x in
      let branched = cond(x.sum() .> 0, x, then: { sin($0) }, else: { cos($0) })
      let looped = forLoop(0..<3, initial: branched) { _, carry in carry * carry + 0.1 }
      let (carry, ys) = scan(initial: looped, over: x.reshaped(to: [3, 1]).broadcast(to: [3, 3])) { carry, row in
        (carry * 0.5 + row, tanh(carry))
      }
      return carry.sum() + ys.sum()
    }
    let swift = gradient(at: x, of: f)
    let olympus = grad(of: { (x: Tensor) in f(x) })(x)
    #expect(abs(swift - olympus).max().item(as: Double.self) <= 1e-12)
  }

  @Test func pendulumGradientMatchesOlympusAndFiniteDifferences() {
    let pendulum = Pendulum(length: Tensor(1.0), damping: Tensor(0.1))
    let loss: @differentiable(reverse) (Pendulum) -> Tensor = { p in (p.simulate(Tensor(0.5), steps: 50) - 0.2).square().sum() }
    let tangent = gradient(at: pendulum, of: loss)
    let olympus = grad(of: { (p: Pendulum) in loss(p) })(pendulum)
    #expect(relativeDifference(tangent.length, olympus.length) <= 1e-6)
    #expect(relativeDifference(tangent.damping, olympus.damping) <= 1e-6)
    // Central difference in the length, step 1e-5 (float64): error far below 1e-6 relative.
    let step = 1e-5
    let up = loss(Pendulum(length: Tensor(1.0 + step), damping: Tensor(0.1))).item(as: Double.self)
    let down = loss(Pendulum(length: Tensor(1.0 - step), damping: Tensor(0.1))).item(as: Double.self)
    #expect(relativeDifference(tangent.length, Tensor((up - down) / (2 * step))) <= 1e-6)
    #expect(pendulum.tree(of: tangent).length == tangent.length)
  }

  @Test func structThatIsItsOwnTangentUpdatesWithAnOptimizer() {
    var model = Affine(weight: Tensor([1, 2] as [Double]), bias: Tensor(0.5))
    let x = Tensor([3, -1] as [Double])
    let tangent: Affine = gradient(at: model) { m in ((m.weight * x).sum() + m.bias).square() }
    // d/dw (w·x + b)² = 2(w·x + b)·x = 2·1.5·[3, −1]; d/db = 3.
    #expect(tangent.weight == Tensor([9, -3] as [Double]) && tangent.bias == Tensor(3.0))
    var optimizer = Optimizer(SGD(learningRate: 0.1), for: model)
    optimizer.update(&model, alongTangent: tangent)
    // w − 0.1·g in float64: a few roundings of numbers of order 1.
    #expect(relativeDifference(model.weight, Tensor([1 - 0.9, 2 + 0.3] as [Double])) <= 1e-15)
    #expect(relativeDifference(model.bias, Tensor(0.5 - 0.3)) <= 1e-15)
  }

  @Test func nonScalarResultsAreRejectedNamingTheShape() {
    #expect(throws: OlympusError.self) {
      try withErrorChecking { gradient(at: Tensor([1, 2] as [Double])) { x in x * x } }
    }
  }

  @Test func layerTangentsAddAndConvert() {
    let layer = Linear(inputFeatures: 2, outputFeatures: 2, key: Random.key(9), dtype: .float64)
    let x = Tensor([1, 2] as [Double])
    let tangent = gradient(at: layer) { layer in layer(x).sum() }
    let doubled = tangent + tangent
    #expect(doubled.value?.weight == tangent.value!.weight * 2)
    #expect((tangent + .zero) == tangent && (tangent - tangent) == .zero)
    #expect(TreeTangent<Linear>.zero.tree(like: layer).weight == Tensor.zeros([2, 2], dtype: .float64))
    var moved = layer
    moved.move(by: tangent)
    #expect(moved.weight == layer.weight + tangent.value!.weight)
  }
}
#endif
