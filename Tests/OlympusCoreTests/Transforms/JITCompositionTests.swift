import OlympusCore
import Testing

/// The composition suite with `jit` in every position: each jitted composition agrees with the
/// same composition run eagerly.
@Suite("Composition under jit")
struct JITCompositionTests {
  /// The staged graph applies the eager computation's primitives in the same order, less exact
  /// identities (x·1, x+0) and duplicates; float64 results may differ by the order of a few
  /// roundings at most, as in `CompositionTests`.
  static let tolerance = CompositionTests.tolerance

  func expectClose(_ got: Tensor, _ expected: Tensor, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    expectAgreement(got, expected, tolerance: Self.tolerance, context, sourceLocation: sourceLocation)
  }

  let x = Tensor([0.3, -1.2, 0.8, 2.0])
  let v = Tensor([1.0, 0.5, -0.25, 2.0])
  func f(_ x: Tensor) -> Tensor { (sin(x) * exp(x * 0.5)).sum() + x.logSumExp() }
  /// A scalar function of a scalar, for second and third derivatives.
  func g(_ x: Tensor) -> Tensor { sin(x) * x * x }
  /// A vector-valued function, for Jacobians.
  func h(_ x: Tensor) -> Tensor { sin(x) * x.sum() + tanh(x) }

  @Test func secondDerivativesWithJitInEveryPosition() {
    let point = Tensor(0.7)
    let eager = grad(of: grad(of: g))(point)
    expectClose(jit(grad(of: grad(of: g)))(point), eager, "jit(grad∘grad)")
    expectClose(grad(of: jit(grad(of: g)))(point), eager, "grad∘jit(grad)")
    expectClose(grad(of: grad(of: jit(g)))(point), eager, "grad(grad(jit f))")
    expectClose(jit(grad(of: jit(grad(of: jit(g)))))(point), eager, "jit at every level")
    let third = grad(of: grad(of: grad(of: g)))(point)
    expectClose(grad(of: jit(grad(of: grad(of: g))))(point), third, "grad∘jit(grad∘grad)")
  }

  @Test func forwardOverReverseWithJit() {
    let eager = jvp(at: x, along: v, of: grad(of: f)).tangent
    expectClose(jvp(at: x, along: v, of: jit(grad(of: f))).tangent, eager, "jvp∘jit(grad)")
    expectClose(jit { x in jvp(at: x, along: self.v, of: grad(of: self.f)).tangent }(x), eager, "jit(jvp∘grad)")
    expectClose(jvp(at: x, along: v, of: grad(of: jit(f))).tangent, eager, "jvp∘grad∘jit")
  }

  @Test func hessianVectorProductsInTheirThreeFormsWithJit() {
    let reference = hvp(at: x, along: v, of: f)
    let forwardOverReverse = { (f: @escaping (Tensor) -> Tensor) in { (x: Tensor) in hvp(at: x, along: self.v, of: f) } }
    let reverseOverForward = { (f: @escaping (Tensor) -> Tensor) in
      grad(of: { (x: Tensor) in jvp(at: x, along: self.v, of: f).tangent })
    }
    let reverseOverReverse = { (f: @escaping (Tensor) -> Tensor) in
      grad(of: { (x: Tensor) in (grad(of: f)(x) * self.v).sum() })
    }
    for (name, form) in [
      ("fwd-over-rev", forwardOverReverse), ("rev-over-fwd", reverseOverForward), ("rev-over-rev", reverseOverReverse),
    ] {
      expectClose(form(f)(x), reference, "\(name) eager")
      expectClose(jit(form(f))(x), reference, "jit(\(name))")
      expectClose(form(jit(f))(x), reference, "\(name) of jit(f)")
    }
  }

  @Test func jacobiansWithJitInsideAndOutside() {
    let forward = jacfwd(of: h)(x)
    expectClose(jacrev(of: h)(x), forward, "jacrev eager")
    expectClose(jacfwd(of: jit(h))(x), forward, "jacfwd∘jit")
    expectClose(jit(jacfwd(of: h))(x), forward, "jit(jacfwd)")
    expectClose(jacrev(of: jit(h))(x), forward, "jacrev∘jit")
    expectClose(jit(jacrev(of: h))(x), forward, "jit(jacrev)")
    let hessian = jacfwd(of: jacrev(of: f))(x)
    expectClose(jacfwd(of: jit(jacrev(of: f)))(x), hessian, "jacfwd∘jit(jacrev)")
    expectClose(jit(jacrev(of: jit(grad(of: f))))(x), hessian, "jit(jacrev∘jit(grad))")
  }

  @Test func vmapAroundAndInsideJit() {
    let batch = Tensor([0.3, -1.2, 0.8, 2.0, 0.1, 0.2, -0.3, 0.4, 1.5, -0.5, 0.25, 0.75], shape: [3, 4])
    let looped = stacked((0..<3).map { f(batch[$0]) })
    expectClose(vmap(of: f)(batch), looped, "vmap eager")
    expectClose(vmap(of: jit(f))(batch), looped, "vmap∘jit")
    expectClose(jit(vmap(of: f))(batch), looped, "jit∘vmap")
    let gradients = stacked((0..<3).map { grad(of: f)(batch[$0]) })
    expectClose(vmap(of: jit(grad(of: f)))(batch), gradients, "vmap∘jit(grad)")
    expectClose(jit(vmap(of: grad(of: jit(f))))(batch), gradients, "jit(vmap∘grad∘jit)")
  }

  @Test func customRulesSurviveJit() {
    // The rule is deliberately scaled by 2 (dy/dx = 2y) so the results show it is the one used.
    let doubledExp = customVJP(
      named: "exp", { [exp($0[0])] }, backward: { _, outputs, cotangents in [cotangents[0] * outputs[0] * 2] })
    let loss = { (x: Tensor) in doubledExp([x])[0].sum() }
    let eager = grad(of: loss)(x)
    expectClose(eager, exp(x) * 2, "the custom rule")
    expectClose(jit(grad(of: loss))(x), eager, "jit(grad(custom))")
    expectClose(grad(of: jit(loss))(x), eager, "grad(jit(custom))")
    expectClose(grad(of: jit(grad(of: loss)))(Tensor(0.3)), grad(of: grad(of: loss))(Tensor(0.3)), "grad∘jit(grad(custom))")
  }

  @Test func seed004JitOfAPullback() {
    // Seed 004's last example, f(x) = 2x³ if x < 3 else πx, at x = 4, with `select` for the branch.
    let f = { (x: Tensor) in select(x .< 3, 2 * x * x * x, Double.pi * x) }
    let (value, pullback) = vjp(at: Tensor(4.0), of: f)
    expectClose(value, Tensor(4 * Double.pi), "value")
    let jitted = jit(pullback)
    expectClose(jitted(Tensor(1.0)), pullback(Tensor(1.0)), "jit(pullback)")
    expectClose(jitted(Tensor(2.0)), Tensor(2 * Double.pi), "jit(pullback), second call")
  }
}
