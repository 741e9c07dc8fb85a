import OlympusCore
import OlympusSolvers
import Testing

/// A tree of parameters for the Jacobian and Hessian operators: two tensors of different ranks.
struct Pair: TensorTree {
  var weight: Tensor
  var bias: Tensor
}

/// Operators built from matrices and from derivatives equal their dense matrices.
///
/// Tolerance: 1e-10 relative, the issue's acceptance bound. Every operator here computes its
/// product with a handful of float64 operations on entries of order 1 (a matrix–vector product of
/// at most 12 terms, or the forward/reverse derivative of a smooth function of them), so the
/// rounding error is a few ε·n ≈ 1e-14; a wrong transpose, sign or ordering is off by order 1.
@Suite struct LinearOperatorTests {
  static let tolerance = 1e-10
  static let problems = Array(0..<20)

  /// The random problem `seed`: sizes between 1 and 12.
  static func sizes(_ seed: Int) -> (rows: Int, columns: Int) { (1 + (seed * 7) % 12, 1 + (seed * 5 + 3) % 12) }

  @Test(arguments: problems)
  func matrixOperatorAppliesItsMatrixAndTranspose(_ seed: Int) {
    let (m, n) = Self.sizes(seed)
    let a = randomMatrix(m, n, seed: seed)
    let op = LinearOperator(matrix: a)
    let v = randomVector(n, seed: 100 + seed), u = randomVector(m, seed: 200 + seed)
    #expect(relativeError(op.apply(v), matmul(a, v)) <= Self.tolerance)
    #expect(relativeError(op.applyTranspose(u), matmul(a.T, u)) <= Self.tolerance)
    #expect(relativeError(op.materialized(), a) <= Self.tolerance)
    #expect(relativeError(op.transposed.materialized(), a.T) <= Self.tolerance)
  }

  /// The residual-like function of the Jacobian tests: a tree in, a tree out, nonlinear.
  static func model(_ a: Tensor) -> (Pair) -> [Tensor] {
    { p in [tanh(matmul(a, p.weight.flattened()) + p.bias.sum()), sin(p.weight).sum(axes: [1]) * p.bias[0]] }
  }

  @Test(arguments: problems)
  func jacobianOperatorEqualsTheDenseJacobian(_ seed: Int) {
    let (m, n) = Self.sizes(seed)
    let columns = n + 1
    let a = randomMatrix(m, 2 * columns, seed: seed)
    let point = Pair(weight: randomMatrix(2, columns, seed: 300 + seed), bias: randomVector(3, seed: 400 + seed))
    let f = Self.model(a)
    let op = jacobianOperator(of: f, at: point)
    // The dense Jacobian: jacfwd's blocks, each output tensor's rows, input tensors side by side.
    let jacobian = jacfwd(of: f)(point)
    let dense = concatenated(
      jacobian.blocks.map { row in
        concatenated(row.map { $0.reshaped(to: [$0.shape[0], -1]) }, axis: 1)
      }, axis: 0)
    #expect(op.rows == m + 2 && op.columns == 2 * columns + 3)
    #expect(relativeError(op.materialized(), dense) <= Self.tolerance)
    #expect(relativeError(op.transposed.materialized(), dense.T) <= Self.tolerance)
  }

  /// The forward (jvp) and reverse (vjp) products are each other's transpose without forming J:
  /// `⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩` to 1e-10 relative to `‖u‖·‖J·v‖ + ‖Jᵀu‖·‖v‖` (both sides are sums of a
  /// few dozen float64 products; an inconsistent pair differs by order 1).
  @Test(arguments: problems)
  func jacobianProductsAreTransposesOfEachOther(_ seed: Int) {
    let (m, n) = Self.sizes(seed)
    let columns = n + 1
    let a = randomMatrix(m, 2 * columns, seed: seed)
    let point = Pair(weight: randomMatrix(2, columns, seed: 300 + seed), bias: randomVector(3, seed: 400 + seed))
    let op = jacobianOperator(of: Self.model(a), at: point)
    let v = randomVector(op.columns, seed: 600 + seed), u = randomVector(op.rows, seed: 700 + seed)
    let jv = op.apply(v), jtu = op.applyTranspose(u)
    let left = dot(u, jv).item(), right = dot(jtu, v).item()
    let scale = sqrt(dot(u, u) * dot(jv, jv)).item() + sqrt(dot(jtu, jtu) * dot(v, v)).item()
    #expect(Swift.abs(left - right) <= Self.tolerance * scale, "\(left) vs \(right)")
  }

  @Test(arguments: problems)
  func hessianOperatorEqualsTheDenseHessian(_ seed: Int) {
    let (_, n) = Self.sizes(seed)
    let a = randomMatrix(n, n, seed: seed)
    let f = { (x: Tensor) in (exp(0.1 * matmul(a, x)).sum() + x.pow(4).sum()) }
    let x = randomVector(n, seed: 500 + seed)
    let op = hessianOperator(of: f, at: x)
    let dense = hessian(of: f)(x)
    #expect(op.isSymmetric)
    #expect(relativeError(op.materialized(), dense) <= Self.tolerance)
  }

  @Test(arguments: problems)
  func combinationsEqualTheirMatrices(_ seed: Int) {
    let (m, n) = Self.sizes(seed)
    let a = randomMatrix(m, n, seed: seed), b = randomMatrix(m, n, seed: 50 + seed), c = randomMatrix(n, m, seed: 60 + seed)
    let opA = LinearOperator(matrix: a), opB = LinearOperator(matrix: b), opC = LinearOperator(matrix: c)
    #expect(relativeError((opA + opB).materialized(), a + b) <= Self.tolerance)
    #expect(relativeError((2.5 * opA).materialized(), 2.5 * a) <= Self.tolerance)
    #expect(relativeError(opA.composed(with: opC).materialized(), matmul(a, c)) <= Self.tolerance)
    #expect(relativeError(opA.composed(with: opC).transposed.materialized(), matmul(a, c).T) <= Self.tolerance)
    let square = opA.composed(with: opC) + .identity(m)
    let dense = matmul(a, c) + Tensor.eye(m, dtype: .float64)
    let exact = (dense * Tensor.eye(m, dtype: .float64)).sum(axes: [1])
    #expect(relativeError(square.diagonal(), exact) <= Self.tolerance)
    #expect(relativeError(LinearOperator(matrix: matmul(a, c)).diagonal(), exact - 1) <= Self.tolerance)
  }

  /// Hutchinson's estimate is exact for a diagonal operator (`z ⊙ D·z = d` for z = ±1) and within
  /// five standard deviations of the truth otherwise: entry i's estimate is a mean of `samples`
  /// independent terms `d_i + Σ_{j≠i} a_ij z_i z_j`, whose standard deviation is
  /// `√(Σ_{j≠i} a_ij² / samples)`; the key is fixed, so the test is deterministic.
  @Test func hutchinsonEstimatesTheDiagonal() {
    let d = randomVector(8, seed: 1)
    let diagonalEstimate = LinearOperator.diagonal(d).composed(with: .identity(8)).estimatedDiagonal(samples: 3, key: Random.key(2))
    #expect(relativeError(diagonalEstimate, d) <= Self.tolerance)
    let a = randomMatrix(8, 8, seed: 3)
    let samples = 4000
    let estimate = LinearOperator(matrix: a).composed(with: .identity(8)).estimatedDiagonal(samples: samples, key: Random.key(4))
    let offDiagonal = a * (1 - Tensor.eye(8, dtype: .float64))
    let sigma = sqrt((offDiagonal * offDiagonal).sum(axes: [1]) / Double(samples))
    let exact = LinearOperator(matrix: a).diagonal()
    let worst = (abs(estimate - exact) / sigma).max().item()
    #expect(worst <= 5, "largest deviation \(worst) standard deviations")
  }

  @Test func mismatchedShapesAreRejectedNamingThem() {
    let op = LinearOperator(matrix: randomMatrix(3, 4, seed: 0))
    #expect(throws: OlympusError.self) { try withErrorChecking { op.apply(randomVector(3, seed: 1)) } }
    do {
      _ = try withErrorChecking { op.composed(with: op) }
      Issue.record("composing [3, 4] with [3, 4] was accepted")
    } catch {
      #expect("\(error)".contains("[3, 4]"))
    }
    #expect(throws: OlympusError.self) { try withErrorChecking { op.diagonal() } }
  }
}
