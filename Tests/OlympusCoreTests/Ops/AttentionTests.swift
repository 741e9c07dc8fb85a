import OlympusCore
import Testing

/// `scaledDotProductAttention`: PyTorch's float32 values and gradients, the dense formula in
/// float64 (values and gradients, masks, tiles, broadcasting), agreement of `jit`, the tape and
/// `vmap` with eager evaluation, and its error messages. The rule tables
/// (`PrimitiveRuleTests`, `BatchingRuleTests`) check its derivatives to second order.
@Suite("Scaled dot-product attention")
struct AttentionTests {
  /// Runners of `Fixtures/attention.json` (`Scripts/generate-attention-fixtures.py`).
  static let operations: [String: FixtureOperation] = [
    "attention": { c in
      let inputs = try c.allInputs()
      return [
        scaledDotProductAttention(
          query: inputs[0], key: inputs[1], value: inputs[2], mask: inputs.count > 3 ? inputs[3] : nil,
          isCausal: try c.flag("isCausal"), scale: try c.optionalDouble("scale"))
      ]
    },
    "attentionGradients": { c in
      let inputs = try c.allInputs()
      let (mask, w) = (inputs.count > 4 ? inputs[3] : nil, inputs[inputs.count - 1])
      let (isCausal, scale) = (try c.flag("isCausal"), try c.optionalDouble("scale"))
      return grad(of: { (x: [Tensor]) in
        (scaledDotProductAttention(query: x[0], key: x[1], value: x[2], mask: mask, isCausal: isCausal, scale: scale) * w).sum()
      })(Array(inputs[0..<3]))
    },
  ]

  /// PyTorch's float32 results within the bounds the fixture script derives for two float32
  /// implementations summing in different orders.
  @Test(arguments: try Fixtures.cases("attention", file: "attention"))
  func matchesPyTorch(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryRunner() throws {
    try Fixtures.expectCoverage("attention", Self.operations, file: "attention")
  }

  /// The formula with dense operations: `softmax(select(allowed, scale·q·kᵀ, −∞))·v`, zeros for
  /// queries without allowed keys.
  static func dense(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, isCausal: Bool, scale: Double) -> Tensor {
    let (m, n) = (q.shape[q.rank - 2], k.shape[k.rank - 2])
    var allowed = Tensor.ones([m, n], dtype: .float64) .> 0
    if isCausal { allowed = allowed .& (Tensor.arange(m).reshaped(to: [m, 1]) .>= Tensor.arange(n).reshaped(to: [1, n])) }
    if let mask { allowed = allowed .& mask }
    let scores = select(allowed, matmul(q, k.swappingAxes(-1, -2)) * scale, -1e300)
    let weights = select(allowed, softmax(scores), 0)
    let total = weights.sum(axes: [-1], keepDims: true)
    return matmul(weights / select(total .== 0, 1, total), v)
  }

  /// Random float64 operands `q[batch + [m, d]]`, `k[batch + [n, d]]`, `v[batch + [n, e]]`.
  static func operands(_ seed: Int, batch: [Int], m: Int, n: Int, d: Int, e: Int) -> [Tensor] {
    let keys = Random.split(Random.key(seed), count: 3)
    return [
      Random.normal(keys[0], shape: batch + [m, d], dtype: .float64), Random.normal(keys[1], shape: batch + [n, d], dtype: .float64),
      Random.normal(keys[2], shape: batch + [n, e], dtype: .float64),
    ]
  }

  /// Sizes around the 64-key tile, masks, causality with m ≠ n, and a scale that makes the softmax
  /// sharp (large scores exercise the running maximum).
  static let configurations: [(batch: [Int], m: Int, n: Int, d: Int, e: Int, isCausal: Bool, masked: Bool, scale: Double?)] = [
    ([2, 3], 5, 7, 4, 3, false, false, nil),
    ([1], 64, 64, 8, 8, true, false, nil),
    ([2], 65, 65, 3, 5, true, false, nil),
    ([], 7, 129, 16, 2, false, true, nil),
    ([2, 1], 130, 70, 8, 8, true, true, 3.0),
    ([3], 9, 200, 4, 4, false, false, 4.0),
  ]

  /// The kernel agrees with the dense formula in float64, values and gradients. Both are exact
  /// up to rounding of sums over at most 200 keys of terms below about 40 in magnitude (scores up
  /// to 4·|q·k|), so 1e-12 relative leaves a wide margin over their ≈ 1e-13 differences.
  @Test func matchesDenseFormula() throws {
    for (index, c) in Self.configurations.enumerated() {
      let x = Self.operands(index, batch: c.batch, m: c.m, n: c.n, d: c.d, e: c.e)
      // Every third pair masked out; query 3 of a masked case attends no key at all.
      var mask: Tensor?
      if c.masked {
        let pairs = Tensor.arange(c.m).reshaped(to: [c.m, 1]) * 7 + Tensor.arange(c.n).reshaped(to: [1, c.n])
        mask = (pairs % 3 .!= 0) .& (Tensor.arange(c.m).reshaped(to: [c.m, 1]) .!= 3)
      }
      let scale = c.scale ?? 1 / Double(c.d).squareRoot()
      let attention = { (x: [Tensor]) in
        scaledDotProductAttention(query: x[0], key: x[1], value: x[2], mask: mask, isCausal: c.isCausal, scale: c.scale)
      }
      let reference = { (x: [Tensor]) in Self.dense(x[0], x[1], x[2], mask: mask, isCausal: c.isCausal, scale: scale) }
      let output = try withErrorChecking { attention(x) }
      expectAgreement(output, reference(x), tolerance: 1e-12, "value \(c)")
      if c.masked { #expect(output.swappingAxes(-2, 0)[3].abs().max().item(as: Double.self) == 0, "a query without keys gives zeros") }
      let w = Random.normal(Random.key(50 + index), shape: output.shape, dtype: .float64)
      let gradients = grad(of: { (x: [Tensor]) in (attention(x) * w).sum() })(x)
      let expected = grad(of: { (x: [Tensor]) in (reference(x) * w).sum() })(x)
      for (got, want) in zip(gradients, expected) { expectAgreement(got, want, tolerance: 1e-12, "gradient \(c)") }
    }
  }

  /// `jit` of the value and gradient, and the tape's `backward()`, run the same kernels as eager
  /// `grad`: identical results up to rounding (1e-12 relative).
  @Test func jitAndTapeAgreeWithEager() {
    let x = Self.operands(7, batch: [2, 2], m: 33, n: 33, d: 8, e: 8)
    let loss = { (x: [Tensor]) in
      let output = scaledDotProductAttention(query: x[0], key: x[1], value: x[2], isCausal: true)
      return (output * output).sum()
    }
    let eager = grad(of: loss)(x)
    let jitted = jit { (x: [Tensor]) in grad(of: loss)(x) }(x)
    let leaves = x.map { $0.requiringGrad() }
    loss(leaves).backward()
    for index in 0..<3 {
      expectAgreement(jitted[index], eager[index], tolerance: 1e-12, "jit \(index)")
      expectAgreement(leaves[index].grad!, eager[index], tolerance: 1e-12, "tape \(index)")
    }
  }

  /// `vmap` over an extra leading axis (one kernel call for the whole batch) against a loop.
  @Test func vmapMatchesLoop() {
    let x = Self.operands(8, batch: [4, 2], m: 6, n: 9, d: 4, e: 3)
    let f = { (x: [Tensor]) in [scaledDotProductAttention(query: x[0], key: x[1], value: x[2], isCausal: true)] }
    let batched = vmap(inAxes: [0, 0, 0], of: f)(x)[0]
    for example in 0..<4 {
      expectAgreement(batched[example], f(x.map { $0[example] })[0], tolerance: 1e-12, "example \(example)")
    }
  }

  /// Leading dimensions broadcast (one key/value set shared by every head) as PyTorch's do.
  @Test func leadingDimensionsBroadcast() {
    let x = Self.operands(9, batch: [], m: 5, n: 6, d: 4, e: 4)
    let queries = Random.normal(Random.key(10), shape: [3, 5, 4], dtype: .float64)
    let shared = scaledDotProductAttention(query: queries, key: x[1], value: x[2])
    for head in 0..<3 {
      expectAgreement(shared[head], scaledDotProductAttention(query: queries[head], key: x[1], value: x[2]), tolerance: 1e-15)
    }
  }

  @Test func rejectsMalformedOperands() {
    let q = Tensor.zeros([2, 5, 4])
    let expectations: [(() -> Tensor, String)] = [
      ({ scaledDotProductAttention(query: q, key: Tensor.zeros([2, 6, 3]), value: Tensor.zeros([2, 6, 4])) }, "[..., m, d]"),
      ({ scaledDotProductAttention(query: q, key: Tensor.zeros([2, 6, 4]), value: Tensor.zeros([2, 5, 4])) }, "[..., m, d]"),
      ({ scaledDotProductAttention(query: q, key: Tensor.zeros([3, 6, 4]), value: Tensor.zeros([3, 6, 4])) }, "broadcast"),
      ({ scaledDotProductAttention(query: q, key: Tensor.zeros([2, 6, 4], dtype: .float64), value: Tensor.zeros([2, 6, 4])) }, "floating-point"),
      ({ scaledDotProductAttention(query: Tensor.zeros([4]), key: Tensor.zeros([2, 4]), value: Tensor.zeros([2, 4])) }, "rank 2"),
      ({ scaledDotProductAttention(query: q, key: q, value: q, mask: Tensor.zeros([5, 5])) }, "bool"),
      ({ scaledDotProductAttention(query: q, key: q, value: q, mask: Tensor.zeros([4, 5], dtype: .bool)) }, "broadcastable"),
    ]
    for (run, fragment) in expectations {
      #expect(throws: OlympusError.self) { try withErrorChecking(run) }
      do {
        _ = try withErrorChecking(run)
      } catch {
        #expect("\(error)".contains("scaledDotProductAttention") && "\(error)".contains(fragment), "\(error)")
      }
    }
  }
}
