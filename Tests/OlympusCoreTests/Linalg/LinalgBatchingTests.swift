import OlympusCore
import Testing

/// `vmap` of the `Linalg` operations against a loop over examples, and batched calls against
/// per-matrix calls. Batching changes no arithmetic (each matrix is factored alone), so float64
/// results agree to rounding: 10⁻¹² relative.
@Suite struct LinalgBatchingTests {
  static let tolerance = 1e-12

  func examples(_ count: Int, _ shape: [Int], seed: Int) -> Tensor {
    let n = shape[shape.count - 1]
    return Random.uniform(Random.key(seed), shape: [count] + shape, minimum: -1, maximum: 1, dtype: .float64)
      + Tensor.eye(n, dtype: .float64) * 3
  }

  func loop(_ f: (Tensor) -> Tensor, _ x: Tensor) -> Tensor {
    stacked((0..<x.shape[0]).map { f(x[$0]) })
  }

  @Test func vmapMatchesLoop() {
    let a = examples(5, [4, 4], seed: 1)
    let b = Random.uniform(Random.key(2), shape: [4], minimum: -1, maximum: 1, dtype: .float64)
    let spd = matmul(a, a.swappingAxes(-1, -2))
    let functions: [(String, (Tensor) -> Tensor, Tensor)] = [
      ("solve", { Linalg.solve($0, b) }, a),
      ("inv", { Linalg.inv($0) }, a),
      ("det", { Linalg.det($0) }, a),
      ("slogdet", { Linalg.slogdet($0).logAbsDet }, a),
      ("cholesky", { Linalg.cholesky($0) }, spd),
      ("solveTriangular", { Linalg.solveTriangular($0, b, lower: false) }, a),
      ("norm", { Linalg.norm($0) }, a),
      ("einsum", { einsum("ij,j->i", $0, b) }, a),
      ("grad slogdet", grad(of: { Linalg.slogdet($0).logAbsDet }), a),
    ]
    for (name, f, x) in functions {
      expectAgreement(vmap(of: f)(x), loop(f, x), tolerance: Self.tolerance, name)
      expectAgreement(jit(vmap(of: f))(x), loop(f, x), tolerance: Self.tolerance, "jit \(name)")
    }
  }

  /// Batched right-hand sides with one shared matrix, and a batch of systems of the L6 benchmark's
  /// form (4×4, here 100 of them) through `vmap`.
  @Test func batchedRightHandSides() {
    let a = examples(1, [4, 4], seed: 3)[0]
    let b = Random.uniform(Random.key(4), shape: [6, 4], minimum: -1, maximum: 1, dtype: .float64)
    let batched = vmap(of: { Linalg.solve(a, $0) })(b)
    expectAgreement(batched, loop({ Linalg.solve(a, $0) }, b), tolerance: Self.tolerance)
    let systems = examples(100, [4, 4], seed: 5)
    let rhs = Random.uniform(Random.key(6), shape: [100, 4], minimum: -1, maximum: 1, dtype: .float64)
    let solved = vmap(inAxes: [0, 0], of: { (a: Tensor, b: Tensor) in Linalg.solve(a, b) })(systems, rhs)
    expectAgreement(matmul(systems, solved.expandingDimensions(at: -1)).squeezed(axes: [2]), rhs, tolerance: 1e-13)
  }
}
