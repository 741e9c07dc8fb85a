import OlympusCore
import Testing

/// `cond`: eager, staged, differentiated and batched.
@Suite("cond")
struct CondTests {
  /// The same primitives run on the same values whether or not they sit inside a branch; only the
  /// order of accumulating cotangents can differ, which moves float64 results by a few ulp at most.
  static let tolerance = 1e-12

  let x = Tensor([0.3, -1.2, 0.8])

  /// The function of the tests: a smooth branch chosen by the sign of the sum.
  func piecewise(_ x: Tensor) -> Tensor {
    cond(x.sum() .> 0, x, then: { sin($0) * $0 }, else: { exp($0) - $0 })
  }

  @Test func runsTheChosenBranchOnly() {
    expectAgreement(piecewise(x), exp(x) - x, tolerance: 0)
    expectAgreement(piecewise(-x), sin(-x) * -x, tolerance: 0)
    var calls = 0
    _ = cond(Tensor(true), [x], then: { [$0[0] + 1] }, else: { calls += 1; return [$0[0] * 2] })
    // Staging runs each branch once; evaluation runs only the chosen one.
    #expect(calls == 1)
  }

  @Test func derivativesMatchFiniteDifferences() throws {
    // x away from the switch (sum ±0.3), so finite differences stay on one branch.
    try checkGrads(of: piecewise, at: x, order: 2)
    try checkGrads(of: piecewise, at: -x, order: 2)
  }

  @Test func gradientFlowsToCapturedValues() {
    let w = Tensor([2.0, -1.0, 0.5])
    let gradient = grad(of: { (w: Tensor) in
      cond(Tensor(true), x, then: { ($0 * w * w).sum() }, else: { ($0 + w).sum() })
    })(w)
    expectAgreement(gradient, 2 * x * w, tolerance: Self.tolerance)
    let hessianDiagonal = hessian(of: { (w: Tensor) in
      cond(Tensor(true), x, then: { ($0 * w * w * w).sum() }, else: { _ in w.sum() })
    })(w)
    expectAgreement(hessianDiagonal, diagonalMatrix(6 * x * w), tolerance: Self.tolerance)
  }

  @Test func jitStagesOneEquationAndAgreesWithEager() {
    let graph = makeGraph(of: { [piecewise($0[0])] }, for: [x.type])
    #expect(graph.equations.filter { $0.primitive is Cond }.count == 1)
    #expect(graph.description.contains("cond[then={ lambda"), "\(graph)")
    #expect(graph.typeCheckFailure() == nil)
    let compiled = jit(piecewise)
    expectAgreement(compiled(x), piecewise(x), tolerance: 0)
    expectAgreement(compiled(-x), piecewise(-x), tolerance: 0)
  }

  @Test func vmapWithABatchedPredicateMatchesALoop() {
    let batch = Tensor([0.3, -1.2, 0.8, -0.3, 1.2, -0.8, 1, 2, 3], shape: [3, 3])
    let rows = (0..<3).map { piecewise(batch[$0]) }
    expectAgreement(vmap(of: piecewise)(batch), stacked(rows), tolerance: 0)
    let gradients = (0..<3).map { grad(of: { piecewise($0).sum() })(batch[$0]) }
    expectAgreement(vmap(of: grad(of: { piecewise($0).sum() }))(batch), stacked(gradients), tolerance: Self.tolerance)
  }

  @Test func branchesOfDifferentTypesAreRejected() {
    #expect(throws: OlympusError("cond", "branches return different types: then (float64[3]), else (float32[3])")) {
      try withErrorChecking { cond(Tensor(true), x, then: { $0 }, else: { $0.astype(.float32) }) }
    }
    #expect(throws: OlympusError("cond", "the predicate must be a scalar bool tensor, got float64[]")) {
      try withErrorChecking { cond(Tensor(1.0), x, then: { $0 }, else: { $0 }) }
    }
  }
}

/// The square matrix with `d` on its diagonal.
func diagonalMatrix(_ d: Tensor) -> Tensor {
  Tensor.eye(d.elementCount, dtype: d.dtype) * d
}
