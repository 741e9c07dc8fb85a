import OlympusCore
import Testing

/// The fused `layerNorm` and `gelu` kernels against their formulas written with other operations,
/// values and gradients, and their error messages. The rule tables check their derivatives to
/// second order.
@Suite("Fused layer normalization and GELU")
struct NormalizationTests {
  /// `layerNorm` with dense operations.
  static func denseLayerNorm(_ x: Tensor, _ weight: Tensor, _ bias: Tensor, epsilon: Double) -> Tensor {
    let centered = x - x.mean(axes: [-1], keepDims: true)
    return centered * rsqrt((centered * centered).mean(axes: [-1], keepDims: true) + epsilon) * weight + bias
  }

  /// float64 values and gradients of every argument agree with the dense formula: both are
  /// sums over 37 terms of magnitude below about 10, so their difference stays near 1e-14;
  /// 1e-12 relative leaves margin. Rows with a large offset check the centered variance.
  @Test func layerNormMatchesDenseFormula() {
    let keys = Random.split(Random.key(3), count: 4)
    let x = Random.normal(keys[0], shape: [3, 5, 37], dtype: .float64) + Tensor([0.0, 1000, -5]).reshaped(to: [3, 1, 1])
    let weight = Random.normal(keys[1], shape: [37], dtype: .float64)
    let bias = Random.normal(keys[2], shape: [37], dtype: .float64)
    let w = Random.normal(keys[3], shape: [3, 5, 37], dtype: .float64)
    let fused = { (p: [Tensor]) in layerNorm(p[0], weight: p[1], bias: p[2], epsilon: 1e-3) }
    let dense = { (p: [Tensor]) in Self.denseLayerNorm(p[0], p[1], p[2], epsilon: 1e-3) }
    expectAgreement(fused([x, weight, bias]), dense([x, weight, bias]), tolerance: 1e-12)
    let got = grad(of: { (p: [Tensor]) in (fused(p) * w).sum() })([x, weight, bias])
    let want = grad(of: { (p: [Tensor]) in (dense(p) * w).sum() })([x, weight, bias])
    for (index, (a, b)) in zip(got, want).enumerated() { expectAgreement(a, b, tolerance: 1e-12, "gradient \(index)") }
  }

  /// float32 rows against the float64 formula: mean and variance are accumulated in double, so
  /// the output is off by a few roundings of float32 (≈ 1e-7 relative to its magnitude ~3); 1e-6
  /// leaves margin.
  @Test func layerNormFloat32() {
    let x = Random.normal(Random.key(4), shape: [16, 256], dtype: .float64) * 3 + 7
    let ones = Tensor.ones([256], dtype: .float64)
    let got = layerNorm(x.astype(.float32)).astype(.float64)
    expectAgreement(got, Self.denseLayerNorm(x.astype(.float32).astype(.float64), ones, ones * 0, epsilon: 1e-5), tolerance: 1e-6)
  }

  /// `jit`, the tape and `vmap` run the same kernels as eager `grad` (1e-12 relative).
  @Test func layerNormAndGELUUnderTransforms() {
    let x = Random.normal(Random.key(5), shape: [4, 6, 8], dtype: .float64)
    let loss = { (x: Tensor) in (gelu(layerNorm(x), approximate: true) * x).sum() }
    let eager = grad(of: loss)(x)
    expectAgreement(jit(grad(of: loss))(x), eager, tolerance: 1e-12, "jit")
    let leaf = x.requiringGrad()
    loss(leaf).backward()
    expectAgreement(leaf.grad!, eager, tolerance: 1e-12, "tape")
    let batched = vmap(of: { (x: Tensor) in gelu(layerNorm(x)) })(x)
    for example in 0..<4 { expectAgreement(batched[example], gelu(layerNorm(x[example])), tolerance: 1e-12, "vmap \(example)") }
  }

  /// Both GELU forms against their definitions in float64, values and derivatives, on a grid
  /// over [−6, 6]. The kernels' `x·σ(2z)` and `½x·erfc(−x/√2)` are algebraically the
  /// references' `½x(1 + tanh z)` and `½x(1 + erf(x/√2))`; where the references' sums cancel
  /// (negative x) their values are tiny, so every absolute error stays within a few 1e-16·|x|,
  /// and 1e-12 of the scale (max |gelu| = 6) covers both sides.
  @Test func geluMatchesDefinitions() {
    let x = Tensor.arange(-6, 6, step: 0.0625, dtype: .float64)
    let tanhForm = { (x: Tensor) in 0.5 * x * (1 + tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x))) }
    let exactForm = { (x: Tensor) in 0.5 * x * (1 + erf(x / 2.0.squareRoot())) }
    expectAgreement(gelu(x, approximate: true), tanhForm(x), tolerance: 1e-12, "tanh value")
    expectAgreement(gelu(x), exactForm(x), tolerance: 1e-12, "exact value")
    expectAgreement(grad(of: { gelu($0, approximate: true).sum() })(x), grad(of: { tanhForm($0).sum() })(x), tolerance: 1e-12, "tanh derivative")
    expectAgreement(grad(of: { gelu($0).sum() })(x), grad(of: { exactForm($0).sum() })(x), tolerance: 1e-12, "exact derivative")
  }

  /// float32 GELU (the vectorized tanh form, the exact form computed in double) against the
  /// float64 values: the tanh form rounds z (about 3 roundings) and its sigmoid (≤ 2.5 ulp); an
  /// error δ in z moves x·σ(2z) by 2|x|·(1 − σ)·δ relative, at most 2|z|·δ ≤ 2·(|x| + 0.05|x|³)·2ε;
  /// with |x| ≤ 6 that is below 70ε relative, so 100ε relative plus ε absolute.
  @Test func geluFloat32() {
    let x = Tensor.arange(-6, 6, step: 0.01, dtype: .float64).astype(.float32).astype(.float64)
    for approximate in [false, true] {
      let got = gelu(x.astype(.float32), approximate: approximate).astype(.float64).scalars(as: Double.self)
      let want = gelu(x, approximate: approximate).scalars(as: Double.self)
      let epsilon = Double(Float.ulpOfOne)
      for (index, (a, b)) in zip(got, want).enumerated() {
        #expect(Swift.abs(a - b) <= 100 * epsilon * Swift.abs(b) + epsilon, "approximate \(approximate) at \(x.scalars(as: Double.self)[index])")
      }
    }
  }

  @Test func layerNormRejectsMismatchedParameters() {
    #expect(throws: OlympusError.self) { try withErrorChecking { layerNorm(Tensor.zeros([2, 3]), weight: Tensor.ones([4])) } }
    #expect(throws: OlympusError.self) { try withErrorChecking { layerNorm(Tensor.zeros([2, 3], dtype: .int32)) } }
  }
}
