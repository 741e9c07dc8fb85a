import OlympusCore
import Testing

/// Transformations composed in every order agree with each other and with closed forms.
@Suite("Composition")
struct CompositionTests {
  /// Agreement of float64 computations that differ only in the order of a few roundings.
  static let tolerance = 1e-12

  func expectClose(_ a: Tensor, _ b: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgreement(a, b, tolerance: Self.tolerance, sourceLocation: sourceLocation)
  }

  let x = Tensor([0.3, -1.2, 0.8, 2.0])
  func f(_ x: Tensor) -> Tensor { (sin(x) * exp(x * 0.5)).sum() + x.logSumExp() }

  @Test func nestedGradientsDoNotConfuseTheirPerturbations() {
    let result = grad(of: { x in x * grad(of: { y in x + y })(Tensor(1.0)) })(Tensor(1.7))
    #expect(result.item(as: Double.self) == 1)
    // d/dx [x · d/dy (x·y)] = d/dx x² = 2x.
    let second = grad(of: { x in x * grad(of: { y in x * y })(Tensor(1.0)) })(Tensor(1.7))
    #expect(Swift.abs(second.item(as: Double.self) - 3.4) < 1e-15)
  }

  @Test func secondOrderCompositionsAgree() {
    let v = Tensor([1.0, 0.5, -0.25, 2.0])
    let hessian = OlympusCore.hessian(of: f)(x)
    let reference = matmul(hessian, v)
    expectClose(hvp(at: x, along: v, of: f), reference)
    expectClose(grad(of: { x in jvp(at: x, along: v, of: self.f).tangent })(x), reference)
    expectClose(grad(of: { x in (grad(of: self.f)(x) * v).sum() })(x), reference)
    expectClose(jacrev(of: grad(of: f))(x), hessian)
    expectClose(jacfwd(of: jacrev(of: { x in sin(x) * x.sum() }))(x), jacrev(of: jacfwd(of: { x in sin(x) * x.sum() }))(x))
    // grad ∘ grad on a scalar function against the closed form: d²/dx² sin(x)·x = 2cos x − x sin x.
    let point = Tensor(0.7)
    let closed = 2 * cos(point) - point * sin(point)
    expectClose(grad(of: grad(of: { x in sin(x) * x }))(point), closed)
  }

  @Test func thirdOrder() {
    // d³/dx³ x⁴ = 24x.
    let value = grad(of: grad(of: grad(of: { x in x * x * x * x })))(Tensor(2.0))
    #expect(value.item(as: Double.self) == 48)
  }

  @Test func jacobiansAgree() {
    let g = { (x: Tensor) in tanh(matmul(Tensor([1.0, 2, 3, 4, 5, 6, 7, 8], shape: [2, 4]), x)) }
    expectClose(jacfwd(of: g)(x), jacrev(of: g)(x))
  }

  @Test func gradientOfSelectedSquareRootIsZeroAtZero() {
    // JAX, PyTorch and autograd give NaN here (jax-ml/jax#1052).
    let gradient = grad(of: { x in select(x .> 0, sqrt(x), 0).sum() })(Tensor([0.0, 4.0]))
    #expect(gradient.scalars(as: Double.self) == [0, 0.25])
    let logGradient = grad(of: { x in select(x .> 0, log(x), 0).sum() })(Tensor([0.0, 2.0]))
    #expect(logGradient.scalars(as: Double.self) == [0, 0.5])
  }

  @Test func stableForLargeInputs() {
    let big = Tensor([1000.0, 1000.0, -1000.0])
    #expect(big.logSumExp().item(as: Double.self) == 1000 + 0.6931471805599453)
    let gradient = grad(of: { x in x.logSumExp() })(big)
    #expect(gradient.scalars(as: Double.self) == [0.5, 0.5, 0])
    let softmaxGradient = grad(of: { x in logSoftmax(x)[0] })(big)
    #expect(softmaxGradient.scalars(as: Double.self).allSatisfy { $0.isFinite })
  }

  @Test func stopGradientAndDetached() {
    let value = grad(of: { x in x * stopGradient(x) + x.detached() * x })(Tensor(3.0))
    #expect(value.item(as: Double.self) == 6)
  }

  @Test func linearizeMatchesJVP() {
    let v = Tensor([1.0, 0, 0, 1])
    let (value, differential) = linearize(at: x) { x in sin(x) * x }
    expectClose(value, sin(x) * x)
    expectClose(differential(v), jvp(at: x, along: v) { x in sin(x) * x }.tangent)
  }

  @Test func multipleArgumentsAndSelection() {
    let a = Tensor([1.0, 2.0])
    let b = Tensor([3.0, -1.0])
    let c = Tensor(0.5)
    let (ga, gb) = grad(of: { (a: Tensor, b: Tensor) in (a * b).sum() })(a, b)
    expectClose(ga, b)
    expectClose(gb, a)
    expectClose(grad(wrt: 1, of: { a, b in (a * b * b).sum() })(a, b), 2 * a * b)
    let selected = grad(wrt: [2, 0], of: { a, b, c in (a * b).sum() * c })(a, b, c)
    expectClose(selected[0], (a * b).sum())
    expectClose(selected[1], b * c)
  }

  struct Layer: TensorTree {
    var weight: Tensor
    var bias: Tensor
    var name = "dense"
  }

  struct Model: TensorTree {
    var layers: [Layer]
    var scales: [String: Tensor]
    var extra: Tensor?
  }

  @Test func gradientsOfTreesHaveTheTreesType() {
    let model = Model(
      layers: [Layer(weight: Tensor([1.0, 2.0]), bias: Tensor(0.5)), Layer(weight: Tensor([3.0]), bias: Tensor(-1.0))],
      scales: ["a": Tensor(2.0)], extra: nil)
    let gradient = grad(of: { (m: Model) in
      (m.layers[0].weight * m.layers[0].weight).sum() * m.scales["a"]! + m.layers[1].bias * m.layers[1].weight.sum()
    })(model)
    #expect(gradient.layers[0].weight.scalars(as: Double.self) == [4, 8])
    #expect(gradient.layers[0].bias.item(as: Double.self) == 0)
    #expect(gradient.layers[1].weight.scalars(as: Double.self) == [-1])
    #expect(gradient.layers[1].bias.item(as: Double.self) == 3)
    #expect(gradient.scales["a"]!.item(as: Double.self) == 5)
    #expect(gradient.extra == nil)
    #expect(gradient.layers[0].name == "dense")
    #expect(model.flattened().structure.leafPaths == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "scales.a"])
  }

  @Test func auxiliaryOutputs() {
    let (value, aux, gradient) = valueAndGrad(of: { (x: Tensor) in ((x * x).sum(), [x * 2]) })(Tensor([1.0, 3.0]))
    #expect(value.item(as: Double.self) == 10)
    #expect(aux[0].scalars(as: Double.self) == [2, 6])
    #expect(aux[0].isConcrete)
    #expect(gradient.scalars(as: Double.self) == [2, 6])
  }

  @Test func gradientOfNonScalarIsRejected() throws {
    #expect(throws: OlympusError.self) { try withErrorChecking { grad(of: { x in x * 2 })(Tensor([1.0, 2.0])) } }
  }
}

/// User-supplied derivative rules.
@Suite("Custom rules")
struct CustomRuleTests {
  /// Seed 001's `Exp` with a backward pass that reuses the saved output; the rule is deliberately
  /// scaled by 2 so the test can tell it is the one used.
  let doubledExp = customVJP(
    named: "exp", { [exp($0[0])] }, backward: { _, outputs, cotangents in [cotangents[0] * outputs[0] * 2] })

  @Test func reverseModeUsesTheCustomRule() {
    let x = Tensor([0.5, -1.0])
    let gradient = grad(of: { x in self.doubledExp([x])[0].sum() })(x)
    #expect(gradient.scalars(as: Double.self) == (exp(x) * 2).scalars(as: Double.self))
    #expect(doubledExp([x])[0].scalars(as: Double.self) == exp(x).scalars(as: Double.self))
  }

  @Test func customRuleIsDifferentiableAgain() {
    // The rule says dy/dx = 2y; differentiating the rule's 2y applies the rule again: 4eˣ.
    let second = grad(of: grad(of: { x in self.doubledExp([x])[0] }))(Tensor(0.3))
    #expect(Swift.abs(second.item(as: Double.self) - 4 * 1.3498588075760032) < 1e-12)
  }

  @Test func forwardModeUsesACustomJVP() {
    let clipped = customJVP(named: "clipGradient", { [$0[0] * $0[0]] }, jvp: { _, _, tangents in [tangents[0]] })
    let (_, tangent) = jvp(at: Tensor(3.0), along: Tensor(1.0)) { x in clipped([x])[0] }
    #expect(tangent.item(as: Double.self) == 1)
    // Reverse mode differentiates the implementation.
    #expect(grad(of: { x in clipped([x])[0] })(Tensor(3.0)).item(as: Double.self) == 6)
  }
}
