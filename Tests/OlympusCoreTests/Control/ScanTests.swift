import OlympusCore
import Testing

/// `scan` and `forLoop`: eager, staged, differentiated (with closure conversion) and batched.
@Suite("scan and forLoop")
struct ScanTests {
  /// The loop and the unrolled Swift loop apply the same primitives to the same values, but sum
  /// per-step results (and accumulate a captured value's cotangents) in another order: a few ulp
  /// in float64.
  static let tolerance = 1e-12

  let xs = Tensor([0.5, -1.0, 2.0, 0.25, 1.5, -0.5], shape: [3, 2])

  @Test func carriesAndStacksPerStepResults() {
    let (total, partialSums) = scan(initial: Tensor([0.0, 0.0]), over: xs) { sum, x in (sum + x, sum + x) }
    expectClose(total, [4, -1.25], shape: [2], dtype: .float64)
    expectClose(partialSums, [0.5, -1, 2.5, -0.75, 4, -1.25], shape: [3, 2], dtype: .float64)
    let backwards = scan(initial: [Tensor([0.0, 0.0])], over: [xs], reverse: true) { sum, x in
      ([sum[0] + x[0]], [sum[0] + x[0]])
    }
    expectClose(backwards.ys[0], [4, -1.25, 3.5, -0.25, 1.5, -0.5], shape: [3, 2], dtype: .float64)
    // A scan without scanned inputs needs its length; an empty scan returns its initial carry.
    let powers = scan(initial: [Tensor(1.0)], over: [], length: 4) { carry, _ in ([carry[0] * 2], [carry[0]]) }
    expectClose(powers.ys[0], [1, 2, 4, 8], shape: [4], dtype: .float64)
    let empty = scan(initial: [Tensor(1.0)], over: [], length: 0) { carry, _ in ([carry[0] * 2], [carry[0]]) }
    expectClose(empty.carry[0], [1], shape: [], dtype: .float64)
    #expect(empty.ys[0].shape == [0])
  }

  /// tanh(w ⊙ h + x_t) per step, summed: an RNN cell with elementwise weights.
  func rnnLoss(_ w: Tensor, _ h0: Tensor, _ xs: Tensor) -> Tensor {
    let (h, outputs) = scan(initial: h0, over: xs) { h, x in
      let next = tanh(w * h + x)
      return (next, next * next)
    }
    return h.sum() + outputs.sum()
  }

  /// The same network unrolled in Swift.
  func rnnLossUnrolled(_ w: Tensor, _ h0: Tensor, _ xs: Tensor) -> Tensor {
    var h = h0
    var total = Tensor(0.0)
    for t in 0..<xs.shape[0] {
      h = tanh(w * h + xs[t])
      total = total + (h * h).sum()
    }
    return h.sum() + total
  }

  @Test func rnnGradientMatchesTheUnrolledLoop() {
    let w = Tensor([0.7, -1.3])
    let h0 = Tensor([0.1, 0.2])
    let scanned = grad(of: { (w: Tensor, h0: Tensor, xs: Tensor) in rnnLoss(w, h0, xs) })(w, h0, xs)
    let unrolled = grad(of: { (w: Tensor, h0: Tensor, xs: Tensor) in rnnLossUnrolled(w, h0, xs) })(w, h0, xs)
    expectAgreement(rnnLoss(w, h0, xs), rnnLossUnrolled(w, h0, xs), tolerance: Self.tolerance)
    expectAgreement(scanned.0, unrolled.0, tolerance: Self.tolerance, "w (captured)")
    expectAgreement(scanned.1, unrolled.1, tolerance: Self.tolerance, "h0 (carry)")
    expectAgreement(scanned.2, unrolled.2, tolerance: Self.tolerance, "xs (scanned)")
    let hessianScanned = hessian(of: { rnnLoss($0, h0, xs) })(w)
    let hessianUnrolled = hessian(of: { rnnLossUnrolled($0, h0, xs) })(w)
    expectAgreement(hessianScanned, hessianUnrolled, tolerance: Self.tolerance, "hessian in w")
  }

  @Test func theEagerTapeAndJitOfGradAgreeWithGrad() throws {
    let w = Tensor([0.7, -1.3])
    let h0 = Tensor([0.1, 0.2])
    let expected = grad(of: { (w: Tensor, h0: Tensor) in rnnLoss(w, h0, xs) })(w, h0)
    // The tape records one scan (the weights enter it as a captured, tracked value).
    let trackedW = w.requiringGrad()
    let trackedH0 = h0.requiringGrad()
    rnnLoss(trackedW, trackedH0, xs).backward()
    expectAgreement(try #require(trackedW.grad), expected.0, tolerance: Self.tolerance, "tape, w")
    expectAgreement(try #require(trackedH0.grad), expected.1, tolerance: Self.tolerance, "tape, h0")
    let compiled = jit { (inputs: [Tensor]) in [grad(of: { rnnLoss($0, inputs[1], xs) })(inputs[0])] }
    expectAgreement(compiled([w, h0])[0], expected.0, tolerance: Self.tolerance, "jit of grad")
  }

  @Test func derivativesMatchFiniteDifferences() throws {
    let h0 = Tensor([0.1, 0.2])
    try checkGrads(of: { rnnLoss($0, h0, xs) }, at: Tensor([0.7, -1.3]), order: 2)
    try checkGrads(of: { rnnLoss(Tensor([0.7, -1.3]), $0, xs) }, at: h0, order: 2)
    try checkGrads(of: { rnnLoss(Tensor([0.7, -1.3]), h0, $0) }, at: xs, order: 2)
  }

  @Test func jitStagesOneEquationAndAgreesWithEager() {
    let w = Tensor([0.7, -1.3])
    let graph = makeGraph(of: { [rnnLoss(w, $0[0], $0[1])] }, for: [TensorType(shape: [2], dtype: .float64), xs.type])
    #expect(graph.equations.filter { $0.primitive is Scan }.count == 1, "\(graph)")
    #expect(graph.description.contains("scan[length=3 body={ lambda"))
    #expect(graph.typeCheckFailure() == nil)
    let compiled = jit { (inputs: [Tensor]) in [rnnLoss(w, inputs[0], inputs[1])] }
    let h0 = Tensor([0.1, 0.2])
    expectAgreement(compiled([h0, xs])[0], rnnLoss(w, h0, xs), tolerance: 0)
  }

  @Test func vmapMatchesALoop() {
    let w = Tensor([0.7, -1.3])
    let h0s = Tensor([0.1, 0.2, -0.3, 0.4, 0.0, 1.0], shape: [3, 2])
    let looped = (0..<3).map { rnnLoss(w, h0s[$0], xs) }
    expectAgreement(vmap(of: { rnnLoss(w, $0, xs) })(h0s), stacked(looped), tolerance: 0)
    // Batched weights (captured, so batched through closure conversion) and batched gradients.
    let ws = h0s + 0.5
    let perExample = (0..<3).map { grad(of: { rnnLoss($0, Tensor([0.1, 0.2]), xs) })(ws[$0]) }
    expectAgreement(
      vmap(of: grad(of: { rnnLoss($0, Tensor([0.1, 0.2]), xs) }))(ws), stacked(perExample), tolerance: Self.tolerance)
  }

  @Test func forLoopPassesTheIndex() {
    // x ← x·w + i for i in 1..<4.
    let w = Tensor(0.5)
    let f = { (x: Tensor, w: Tensor) in forLoop(1..<4, initial: x) { i, x in x * w + i.astype(.float64) } }
    expectClose(f(Tensor(2.0), w), [((2 * 0.5 + 1) * 0.5 + 2) * 0.5 + 3], shape: [], dtype: .float64)
    // d/dw of ((x w + 1) w + 2) w + 3 = 3 x w² + 2 w + 2.
    let gradient = grad(wrt: 1, of: f)(Tensor(2.0), w)
    // A few roundings in either computation: 4ε relative.
    let tolerance = Tolerance(relative: 4 * Double.ulpOfOne, absolute: 0)
    expectClose(gradient, [3 * 2 * 0.25 + 2 * 0.5 + 2], shape: [], dtype: .float64, tolerance: tolerance)
  }

  @Test func carryTypeChangesAndLengthMismatchesAreRejected() {
    #expect(throws: OlympusError("scan", "body returns carry (float32[2]), initial carry is (float64[2])")) {
      try withErrorChecking { scan(initial: Tensor([0.0, 0.0]), over: xs) { c, x in (c.astype(.float32), x) } }
    }
    #expect(throws: OlympusError("scan", "xs 1 of type float64[2,2] does not have length 3 along axis 0")) {
      try withErrorChecking { scan(initial: [], over: [xs, xs[0..<2]]) { _, x in ([], [x[0]]) } }
    }
  }
}
