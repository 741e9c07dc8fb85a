import OlympusCore
import Testing

/// `whileLoop`: eager, staged, forward-differentiated, batched, and rejected under reverse mode.
@Suite("whileLoop")
struct WhileLoopTests {
  /// Doubles `x` until its sum exceeds 10: 2ⁿ·x, with n fixed near the test points.
  func doubling(_ x: Tensor) -> Tensor {
    whileLoop(initial: x, condition: { $0.sum() .<= 10 }, body: step)
  }

  /// The same iteration as a Swift loop (on concrete values).
  func doublingLoop(_ x: Tensor) -> Tensor {
    var y = x
    while y.sum().item(as: Double.self) <= 10 { y = step(y) }
    return y
  }

  /// One iteration.
  func step(_ y: Tensor) -> Tensor { sin(y) * 0.1 + y * 2 }

  let x = Tensor([0.3, 1.2, 0.8])

  @Test func runsUntilTheConditionFails() {
    // Newton's iteration for √2 stops at the float64 root (the tolerance is a few ulp of 2).
    let root = whileLoop(initial: Tensor(1.0), condition: { abs($0 * $0 - 2) .> 1e-15 }, body: { ($0 + 2 / $0) / 2 })
    #expect(Swift.abs(root.item(as: Double.self) - 2.0.squareRoot()) <= 2 * Double.ulpOfOne)
    expectAgreement(doubling(x), doublingLoop(x), tolerance: 0)
    // A loop whose condition fails at once returns its initial carry.
    expectAgreement(whileLoop(initial: x, condition: { $0.sum() .< 0 }, body: { $0 * 2 }), x, tolerance: 0)
  }

  @Test func forwardModeMatchesFiniteDifferences() throws {
    try checkGrads(of: doubling, at: x, order: 2, modes: [.forward])
    // Against the forward mode of the loop unrolled three times, its trip count at x (the same
    // operations on the same values).
    let v = Tensor([1.0, -2.0, 0.5])
    let unrolled = { (x: Tensor) in step(step(step(x))) }
    expectAgreement(doubling(x), unrolled(x), tolerance: 0)
    expectAgreement(jvp(at: x, along: v, of: doubling).tangent, jvp(at: x, along: v, of: unrolled).tangent, tolerance: 0)
  }

  @Test func forwardModeReachesCapturedValues() {
    // x·wⁿ with the trip count set by the counter: d/dw = n·x·wⁿ⁻¹.
    let w = Tensor(1.5)
    let (_, tangent) = jvp(at: w, along: Tensor(1.0)) { w in
      whileLoop(
        initial: [Tensor(0 as Int), x], condition: { $0[0] .< Tensor(3 as Int) },
        body: { [$0[0] + Tensor(1 as Int), $0[1] * w] })[1]
    }
    expectAgreement(tangent, 3 * x * 1.5 * 1.5, tolerance: 1e-15)
  }

  @Test func jitStagesOneEquationAndAgreesWithEager() {
    let graph = makeGraph(of: { [doubling($0[0])] }, for: [x.type])
    #expect(graph.equations.filter { $0.primitive is WhileLoop }.count == 1, "\(graph)")
    #expect(graph.description.contains("while[cond={ lambda"))
    expectAgreement(jit(doubling)(x), doubling(x), tolerance: 0)
  }

  @Test func vmapRunsEachExampleItsOwnNumberOfTimes() {
    // Sums 2.3, 0.03 and 9.3 need 3, 9 and 1 doublings.
    let batch = Tensor([0.3, 1.2, 0.8, 0.01, 0.01, 0.01, 3, 3, 3.3], shape: [3, 3])
    let rows = (0..<3).map { doublingLoop(batch[$0]) }
    expectAgreement(vmap(of: doubling)(batch), stacked(rows), tolerance: 0)
    expectAgreement(vmap(inAxis: 1, of: doubling)(batch.transposed()), stacked(rows), tolerance: 0)
  }

  @Test func reverseModeIsRejected() {
    let message = "not reverse-mode differentiable; use scan or forLoop with a fixed trip count"
    #expect(throws: OlympusError("whileLoop", message)) {
      try withErrorChecking { grad(of: { doubling($0).sum() })(x) }
    }
  }

  @Test func badCarriesAndConditionsAreRejected() {
    #expect(throws: OlympusError("whileLoop", "body returns carry (float32[3]), initial carry is (float64[3])")) {
      try withErrorChecking { whileLoop(initial: x, condition: { $0.sum() .< 1 }, body: { $0.astype(.float32) }) }
    }
    #expect(throws: OlympusError("whileLoop", "condition returns bool[3], expected a scalar bool tensor")) {
      try withErrorChecking { whileLoop(initial: x, condition: { $0 .< 1 }, body: { $0 }) }
    }
  }
}
