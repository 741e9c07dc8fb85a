import OlympusCore
import Testing

/// NumPy's and SciPy's elementwise math beyond the basic functions: sweeps against correctly
/// rounded mpmath values (Fixtures/special-math.json, with the ulp bounds justified in
/// Scripts/generate-math-fixtures.py), and the derivatives of the composites and conventions the
/// rule tables do not reach.
@Suite struct SpecialMathTests {
  static func unary(_ function: @escaping @Sendable (Tensor) -> Tensor) -> FixtureOperation {
    { [function(try $0.input(0))] }
  }

  static func binary(_ function: @escaping @Sendable (Tensor, Tensor) -> Tensor) -> FixtureOperation {
    { [function(try $0.input(0), try $0.input(1))] }
  }

  static let operations: [String: FixtureOperation] = [
    "atan": unary { atan($0) }, "asin": unary { asin($0) }, "acos": unary { acos($0) },
    "sinh": unary { sinh($0) }, "cosh": unary { cosh($0) }, "asinh": unary { asinh($0) },
    "acosh": unary { acosh($0) }, "atanh": unary { atanh($0) }, "erf": unary { erf($0) },
    "erfc": unary { erfc($0) }, "erfinv": unary { erfinv($0) }, "lgamma": unary { lgamma($0) },
    "digamma": unary { digamma($0) }, "log2": unary { log2($0) }, "log10": unary { log10($0) },
    "exp2": unary { exp2($0) }, "cbrt": unary { cbrt($0) }, "reciprocal": unary { reciprocal($0) },
    "atan2": binary { atan2($0, $1) }, "hypot": binary { hypot($0, $1) }, "xlogy": binary { xlogy($0, $1) },
    "logAddExp": binary { logAddExp($0, $1) }, "polygamma": binary { polygamma($0, $1) },
  ]

  @Test(arguments: try Fixtures.cases("specialMath", file: "special-math"))
  func matchesCorrectlyRoundedValues(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("specialMath", Self.operations, file: "special-math")
  }

  // MARK: Composites: derivatives to second order, jvp/vjp consistency, vmap against a loop

  /// float64 central differences (checkGrads' defaults: step 1e-5, tolerance 1e-6 relative to
  /// max(1, |expected|), which covers the O(h²) truncation and the O(ε/h) rounding of the difference).
  @Test func compositeDerivativesMatchFiniteDifferences() throws {
    let a = Tensor([-2.0, 0.3, 1.5, 40, -7] as [Double])
    let b = Tensor([1.0, 0.1, -1.5, 38, 3] as [Double])
    for seed in 0..<2 {
      try checkGrads(of: { logAddExp($0, b) }, at: a, order: 2, seed: seed)
      try checkGrads(of: { logAddExp(a, $0) }, at: b, order: 2, seed: seed)
      try checkGrads(of: { reciprocal($0) }, at: Tensor([0.5, -2, 3] as [Double]), order: 2, seed: seed)
      try checkGrads(of: { polygamma(2, $0) }, at: Tensor([0.7, 2.5, 9] as [Double]), order: 2, seed: seed)
    }
  }

  /// Batching runs the same kernels on the same values: agreement to rounding (1e-12).
  @Test func compositesUnderVMapMatchALoop() {
    let a = Tensor([-2.0, 0.3, 1.5, 40, -7, 1, 0.25, 2] as [Double], shape: [4, 2])
    let b = Tensor([1.0, 0.1, -1.5, 38, 3, 1, -1, 5] as [Double], shape: [4, 2])
    let batched = vmap(inAxes: [0, 0]) { [logAddExp($0[0], $0[1]), reciprocal($0[0])] }([a, b])
    let rows = (0..<4).map { i in
      let (x, y) = (a[i], b[i])
      return [logAddExp(x, y), reciprocal(x)]
    }
    for output in 0..<2 {
      expectAgreement(batched[output], stacked(rows.map { $0[output] }, axis: 0), tolerance: 1e-12, "output \(output)")
    }
  }

  /// `jit` runs the same kernels inside its compiled graphs (fused elementwise tiles included), so
  /// values and gradients agree with eager evaluation to rounding (1e-12 relative).
  @Test func jitMatchesEagerEvaluation() {
    let f = { (x: Tensor) -> Tensor in
      let special = lgamma(x + 3) + digamma(x + 3) + polygamma(1, x + 3) + erfinv(x * 0.5) + erfc(x)
      let trigonometric = atan(x) + asinh(x) * erf(x) + cosh(x) + atan2(x, x + 2) + acos(x * 0.5)
      let other = cbrt(x) + logAddExp(x, exp2(x)) + hypot(x, log10(x + 3)) + xlogy(x, x + 3) + reciprocal(x + 2)
      return (special + trigonometric + other).sum()
    }
    let x = Tensor([0.3, -0.7, 0.9, 1.6] as [Double])
    expectAgreement(jit(f)(x), f(x), tolerance: 1e-12, "value")
    expectAgreement(jit(grad(of: f))(x), grad(of: f)(x), tolerance: 1e-12, "gradient")
  }

  // MARK: Conventions and stability

  @Test func logAddExpIsStableFarOut() {
    let a = Tensor([1000, 1000, -1000, -Double.infinity, .infinity] as [Double])
    let b = Tensor([1000, 0, -1000, 0, .infinity] as [Double])
    // log 2 is added to equal arguments; the smaller term vanishes beside a much larger one.
    expectClose(
      logAddExp(a, b), [1000 + 0.6931471805599453, 1000, -1000 + 0.6931471805599453, 0, .infinity], shape: [5],
      dtype: .float64, tolerance: Tolerance(relative: 2 * Double.ulpOfOne, absolute: 0))
    // ∂/∂a = e^(a − result): ½ at a tie, 1 and 0 when one side dominates, never NaN; 1 at two
    // +inf (JAX's value there), where the result is a + b.
    let slopes = grad(of: { logAddExp($0, b).sum() })(a)
    expectClose(
      slopes, [0.5, 1, 0.5, 0, 1], shape: [5], dtype: .float64, tolerance: Tolerance(relative: 1e-15, absolute: 0))
  }

  @Test func xlogyIsZeroWhereXIsZero() {
    let x = Tensor([0, 0, 0, 0, -0.0] as [Double])
    let y = Tensor([0, .nan, .infinity, -1, 2] as [Double])
    expectClose(xlogy(x, y), [0, 0, 0, 0, 0], shape: [5], dtype: .float64)
    // JAX's rule: ∂/∂x = log y also at x = 0, ∂/∂y = x / y.
    let at = Tensor([0, 3] as [Double])
    let dx = grad(of: { xlogy($0, Tensor([2, 5] as [Double])).sum() })(at)
    let dy = grad(of: { xlogy(at, $0).sum() })(Tensor([2, 5] as [Double]))
    expectClose(
      dx, [0.6931471805599453, 1.6094379124341003], shape: [2], dtype: .float64, tolerance: .elementary(.float64))
    expectClose(dy, [0, 0.6], shape: [2], dtype: .float64, tolerance: .elementary(.float64))
  }

  @Test func hypotAndAsinhDoNotOverflow() {
    let big = Tensor([1e300, 3e-320] as [Double])
    let r = hypot(big, big)
    // hypot within 1 ulp (glibc) of the exact value, the expected product rounded once (also in
    // the subnormal range, where the ulp is the subnormal spacing): 2 ulps.
    expectClose(
      r, [1e300 * Double(2).squareRoot(), 3e-320 * Double(2).squareRoot()], shape: [2], dtype: .float64,
      tolerance: Tolerance(relative: 0, absolute: 0, ulps: 2))
    let slope = grad(of: { hypot($0, Tensor([1e300] as [Double])).sum() })(Tensor([1e300] as [Double]))
    expectClose(slope, [Double(0.5).squareRoot()], shape: [1], dtype: .float64, tolerance: .elementary(.float64))
    // asinh′(x) = 1/√(1 + x²) ≈ 1/x, still nonzero where x² overflows.
    let asinhSlope = grad(of: { asinh($0).sum() })(Tensor([1e200] as [Double]))
    expectClose(asinhSlope, [1e-200], shape: [1], dtype: .float64, tolerance: .elementary(.float64))
  }

  /// A branch that is not taken contributes a zero cotangent, which stays zero through a
  /// derivative that is infinite there (README: `select(x > 0, sqrt(x), 0)`).
  @Test func singularDerivativesKeepZeroCotangentsZero() {
    // Each function, its singular point and a regular point of its domain.
    let guarded: [(String, (Tensor) -> Tensor, Double, Double)] = [
      ("asin", { asin($0) }, 1, 0.5), ("acos", { acos($0) }, -1, 0.5), ("acosh", { acosh($0) }, 1, 2),
      ("atanh", { atanh($0) }, 1, 0.5), ("erfinv", { erfinv($0) }, 1, 0.5), ("log2", { log2($0) }, 0, 0.5),
      ("log10", { log10($0) }, 0, 0.5), ("cbrt", { cbrt($0) }, 0, 0.5), ("hypot", { hypot($0, $0 * 0) }, 0, 0.5),
      ("atan2", { atan2($0, $0 * 0) }, 0, 0.5), ("xlogy", { xlogy($0 + 1, $0) }, 0, 0.5),
    ]
    for (name, f, singular, regular) in guarded {
      let x = Tensor([singular, regular] as [Double])
      let gradient = grad(of: { x in select(x .== singular, Tensor.zeros(like: x), f(x)).sum() })(x)
      let values = gradient.scalars(as: Double.self)
      #expect(values[0] == 0, "\(name): gradient \(values[0]) at the singular point behind select")
      #expect(values[1].isFinite, "\(name)")
    }
  }

  /// Closed forms: lgamma′ = ψ, ψ′ = ψ⁽¹⁾ with ψ⁽¹⁾(1) = π²/6, erfinv′(y) = √π/2·e^(erfinv(y)²),
  /// atan′ = 1/(1 + x²); one kernel call each, so the elementary tolerance applies (with 4 ulp of
  /// the special functions, Scripts/generate-math-fixtures.py, inside its 4ε relative).
  @Test func derivativesHaveTheirClosedForms() {
    let one = Tensor([1.0, 0.5] as [Double])
    expectClose(
      grad(of: { lgamma($0).sum() })(one), [-0.5772156649015329, -1.9635100260214235], shape: [2], dtype: .float64,
      tolerance: .elementary(.float64))
    expectClose(
      grad(of: { digamma($0).sum() })(one), [Double.pi * Double.pi / 6, Double.pi * Double.pi / 2], shape: [2],
      dtype: .float64, tolerance: .elementary(.float64))
    // √π/2 · e^(erfinv(0.5)²) with erfinv(0.5) = 0.47693627620446987 (mpmath).
    expectClose(
      grad(of: { erfinv($0).sum() })(Tensor([0.5] as [Double])), [1.1125848189719498], shape: [1], dtype: .float64,
      tolerance: .elementary(.float64))
    expectClose(
      grad(of: { atan($0).sum() })(Tensor([2.0] as [Double])), [0.2], shape: [1], dtype: .float64,
      tolerance: .elementary(.float64))
  }
}
