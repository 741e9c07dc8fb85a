import OlympusCore
import Testing

/// Worked numbers of the seed documents, reproduced.
@Suite("Seed documents")
struct SeedTests {
  /// Float64 computations of a handful of operations agree with the seeds' printed digits to the
  /// digits printed (8–9 significant), so a relative tolerance of 1e-8 is the right test.
  static let printedDigits = 1e-8

  func expectClose(_ got: Tensor, _ expected: [Double], _ relative: Double = printedDigits) {
    let values = got.scalars(as: Double.self)
    #expect(values.count == expected.count)
    for (value, reference) in zip(values, expected) {
      #expect(Swift.abs(value - reference) <= relative * Swift.abs(reference), "\(value) vs \(reference)")
    }
  }

  // Seed 000: h(x) = exp(x²), L = ‖h − y‖², x = [1, 2], y = h([1.5, 2.5]).
  let x = Tensor([1.0, 2.0])
  let y = Tensor([9.48773584, 518.01282467])
  func h(_ x: Tensor) -> Tensor { exp(x * x) }
  func loss(_ h: Tensor) -> Tensor { ((h - y) * (h - y)).sum() }

  @Test func seed000LossAndVJPChain() {
    expectClose(h(x), [2.71828183, 54.59815003])
    expectClose(loss(h(x)), [214798.98617481123], 1e-11 * 1e3)  // y is given to 9 digits; L to ~12
    let dLdh = grad(of: loss)(h(x))
    expectClose(dLdh, [-13.53890802, -926.82934927])
    // Through a chain of VJP functions, as the seed builds it: f1 = x², f2 = exp.
    let (f1, pullbackF1) = vjp(at: x) { x in x * x }
    let (_, pullbackF2) = vjp(at: f1) { f1 in exp(f1) }
    let dLdf1 = pullbackF2(dLdh)
    expectClose(dLdf1, [-3.68025676e+01, -5.06031679e+04])
    expectClose(pullbackF1(dLdf1), [-7.36051353e+01, -2.02412671e+05])
    // Directly.
    expectClose(grad(of: { x in loss(h(x)) })(x), [-7.36051353e+01, -2.02412671e+05])
  }

  @Test func seed000HessianVectorProductIsTwiceV() {
    let v = Tensor([0.3, -1.7])
    let at = h(x)
    let expected = (v * 2).scalars(as: Double.self)
    expectClose(hvp(at: at, along: v, of: loss), expected, 1e-12)
    expectClose(grad(of: { z in jvp(at: z, along: v, of: loss).tangent })(at), expected, 1e-12)
    expectClose(grad(of: { z in (grad(of: loss)(z) * v).sum() })(at), expected, 1e-12)
  }

  // Seed 004: predict(W, b, inputs) = sigmoid(inputs · W + b) with sigmoid = (tanh(x/2) + 1) / 2.
  let inputs = Tensor([0.52, 1.12, 0.77, 0.88, -1.08, 0.15, 0.52, 0.06, -1.30, 0.74, -2.49, 1.39], shape: [4, 3])
  func predict(_ w: Tensor, _ b: Tensor) -> Tensor { 0.5 * (tanh((dot(inputs, w) + b) / 2) + 1) }

  @Test func seed004JVPAndVJPAgreeWithJacobian() {
    let keys = Random.split(Random.key(0), count: 4)
    let w = Random.normal(keys[0], shape: [3], dtype: .float64)
    let b = Random.normal(keys[1], shape: [], dtype: .float64)
    let f = { (w: Tensor) in predict(w, b) }
    let v = Random.normal(keys[2], shape: [3], dtype: .float64)
    let u = Random.normal(keys[3], shape: [4], dtype: .float64)
    let jacobian = jacfwd(of: f)(w)
    let (value, tangent) = jvp(at: w, along: v, of: f)
    expectClose(value, f(w).scalars(as: Double.self), 1e-15)
    expectClose(tangent, matmul(jacobian, v).scalars(as: Double.self), 1e-12)
    expectClose(vjp(at: w, of: f).pullback(u), matmul(u, jacobian).scalars(as: Double.self), 1e-12)
    expectClose(jacrev(of: f)(w), jacobian.scalars(as: Double.self), 1e-12)
  }

  @Test func seed004VectorGradient() {
    // vgrad(lambda x: 3*x**2, ones((2, 2))) = 6 everywhere.
    let (value, pullback) = vjp(at: Tensor.ones([2, 2], dtype: .float64)) { x in 3 * x * x }
    expectClose(pullback(Tensor.ones(like: value)), [6, 6, 6, 6], 0)
  }

  @Test func seed004HVPAgreesWithFullHessian() {
    let keys = Random.split(Random.key(1), count: 2)
    let X = Random.normal(keys[0], shape: [3, 4], dtype: .float64)
    let V = Random.normal(keys[1], shape: [3, 4], dtype: .float64)
    let f = { (x: Tensor) in (tanh(x) * tanh(x)).sum() }
    let full = tensordot(jacfwd(of: jacrev(of: f))(X), V, axes: 2)
    let expected = full.scalars(as: Double.self)
    expectClose(hvp(at: X, along: V, of: f), expected, 1e-12)
    expectClose(grad(of: { x in jvp(at: x, along: V, of: f).tangent })(X), expected, 1e-12)
    expectClose(grad(of: { x in (grad(of: f)(x) * V).sum() })(X), expected, 1e-12)
  }
}
