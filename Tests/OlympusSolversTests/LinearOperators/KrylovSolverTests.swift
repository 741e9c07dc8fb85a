import OlympusCore
import OlympusSolvers
import Testing

/// CG, LSQR and LSMR against the dense solutions of `Linalg.solve` and `Linalg.lstsq`.
///
/// Tolerances: the solvers run with relative stopping tolerances of 1e-13 on the (normal)
/// residual; the forward error of such a solution is bounded by cond(A)·1e-13 for CG on `A` and
/// by cond(A)²·1e-13 for least squares (the normal equations' condition). The tests allow ten
/// times that bound, computed from each random matrix's singular values, plus 1e-12 for the
/// rounding of the dense reference itself; a wrong update is off by order 1.
@Suite struct KrylovSolverTests {
  static let stop = 1e-13
  static let problems = Array(0..<20)

  static func spdMatrix(_ n: Int, seed: Int) -> Tensor {
    let m = randomMatrix(n, n, seed: seed)
    return matmul(m.T, m) + Double(n) * Tensor.eye(n, dtype: .float64)
  }

  @Test(arguments: problems)
  func conjugateGradientSolvesSymmetricPositiveDefiniteSystems(_ seed: Int) {
    let n = 2 + seed % 15
    let a = Self.spdMatrix(n, seed: seed)
    let b = randomVector(n, seed: 100 + seed)
    let want = Linalg.solve(a, b)
    let bound = 10 * conditionNumber(a) * Self.stop + 1e-12
    let plain = conjugateGradient(LinearOperator(matrix: a), b, relativeTolerance: Self.stop)
    #expect(plain.converged, "\(plain.reason)")
    #expect(relativeError(plain.solution, want) <= bound)
    let op = LinearOperator(matrix: a)
    let jacobi = LinearOperator.diagonal(1 / op.diagonal())
    let preconditioned = conjugateGradient(op, b, preconditioner: jacobi, relativeTolerance: Self.stop)
    #expect(preconditioned.converged, "\(preconditioned.reason)")
    #expect(relativeError(preconditioned.solution, want) <= bound)
  }

  @Test func conjugateGradientReportsIndefiniteOperators() {
    let a = Tensor([1.0, 0, 0, -1], shape: [2, 2])
    let result = conjugateGradient(LinearOperator(matrix: a), Tensor([0.0, 1.0]))
    #expect(!result.converged)
    #expect(result.reason.contains("not positive definite"))
  }

  @Test(arguments: problems)
  func lsqrAndLsmrSolveLeastSquaresProblems(_ seed: Int) {
    let n = 1 + seed % 8
    let m = n + 3 + seed % 5
    let a = randomMatrix(m, n, seed: seed)
    let b = randomVector(m, seed: 100 + seed)
    let want = Linalg.lstsq(a, b)
    let condition = conditionNumber(a)
    let bound = 10 * condition * condition * Self.stop + 1e-12
    let op = LinearOperator(matrix: a)
    for (name, result) in [
      ("lsqr", lsqr(op, b, absoluteTolerance: Self.stop, relativeTolerance: Self.stop)),
      ("lsmr", lsmr(op, b, absoluteTolerance: Self.stop, relativeTolerance: Self.stop)),
    ] {
      #expect(result.converged, "\(name): \(result.reason)")
      #expect(relativeError(result.solution, want) <= bound, "\(name)")
      #expect(Swift.abs(result.residualNorm - vectorNorm(b - matmul(a, want))) <= 1e-8, "\(name)")
    }
  }

  @Test(arguments: problems)
  func dampedLeastSquaresMatchesTheRegularizedNormalEquations(_ seed: Int) {
    let n = 2 + seed % 7
    let m = n + seed % 4
    let a = randomMatrix(m, n, seed: seed)
    let b = randomVector(m, seed: 100 + seed)
    let damping = 0.7
    let normal = matmul(a.T, a) + damping * damping * Tensor.eye(n, dtype: .float64)
    let want = Linalg.solve(normal, matmul(a.T, b))
    let bound = 10 * conditionNumber(normal) * Self.stop + 1e-12
    let op = LinearOperator(matrix: a)
    for (name, result) in [
      ("lsqr", lsqr(op, b, damping: damping, absoluteTolerance: Self.stop, relativeTolerance: Self.stop)),
      ("lsmr", lsmr(op, b, damping: damping, absoluteTolerance: Self.stop, relativeTolerance: Self.stop)),
    ] {
      #expect(result.converged, "\(name): \(result.reason)")
      #expect(relativeError(result.solution, want) <= bound, "\(name)")
    }
  }

  @Test func solversRejectVectorsOfTheWrongLength() {
    let op = LinearOperator(matrix: randomMatrix(4, 3, seed: 0))
    #expect(throws: OlympusError.self) { try withErrorChecking { lsmr(op, randomVector(3, seed: 1)).solution } }
    #expect(throws: OlympusError.self) { try withErrorChecking { lsqr(op, randomVector(4, seed: 1), initial: randomVector(4, seed: 2)).solution } }
    #expect(throws: OlympusError.self) { try withErrorChecking { conjugateGradient(op, randomVector(4, seed: 1)).solution } }
  }
}

/// The Euclidean norm of a vector.
func vectorNorm(_ v: Tensor) -> Double { dot(v, v).item().squareRoot() }
