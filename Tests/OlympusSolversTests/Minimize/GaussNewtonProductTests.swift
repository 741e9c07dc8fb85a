import OlympusCore
import OlympusSolvers
import Testing

/// The generalized Gauss–Newton product against the dense `Jᵀ H_L J`.
@Suite struct GaussNewtonProductTests {
  /// 20 random problems: a model `g(θ) = W tanh(θ) + sin(θ₀)·b` from `n` parameters to `m`
  /// outputs, and the softmax cross-entropy `L(z) = logsumexp(z) − zᵀy` (convex, non-quadratic).
  /// The operator's columns (its products with the basis vectors) and `gaussNewtonOperator`'s
  /// materialized matrix must equal `Jᵀ H J` formed from `jacfwd` and `hessian`: all are float64
  /// evaluations of the same products in a different order, so they agree to rounding (about
  /// 1e-15 relative); the bound is 1e-10.
  @Test func equalsTheDenseMatrixOnRandomProblems() {
    for problem in 0..<20 {
      let n = 2 + problem % 7
      let m = 2 + (problem * 3) % 5
      let weights = normal(3 * problem, [m, n])
      let offset = normal(3 * problem + 1, [m])
      let targets = softmax(normal(3 * problem + 2, [m]))
      let theta = normal(1000 + problem, [n])
      let model = { (theta: Tensor) in matmul(weights, tanh(theta)) + sin(theta[0]) * offset }
      let loss = { (z: Tensor) in z.logSumExp() - (z * targets).sum() }

      let product = gaussNewtonProduct(of: model, loss: loss, at: theta)
      let columns = (0..<n).map { product(Tensor.eye(n, dtype: .float64)[$0]) }
      let operatorMatrix = stacked(columns, axis: 1)

      let jacobian = jacfwd(of: model)(theta)
      let hessianOfLoss = hessian(of: loss)(model(theta))
      let dense = matmul(matmul(jacobian.transposed(), hessianOfLoss), jacobian)
      let error = relativeError(operatorMatrix, dense)
      #expect(error <= 1e-10, "problem \(problem) (m = \(m), n = \(n)): relative error \(error)")
      let curvature = gaussNewtonOperator(of: model, loss: loss, at: theta)
      #expect(curvature.isSymmetric && curvature.rows == n && curvature.columns == n)
      #expect(relativeError(curvature.materialized(), dense) <= 1e-10, "problem \(problem): operator")
    }
  }

  /// For `L = ½‖z‖²` the product is the Gauss–Newton matrix `JᵀJ`, on a tree of parameters.
  @Test func isJTransposeJForHalfSquaredNormOnATree() {
    struct Affine: TensorTree {
      var weight: Tensor
      var bias: Tensor
    }
    let x = normal(7, [5, 3])
    let model = { (a: Affine) in tanh(matmul(x, a.weight) + a.bias) }
    let at = Affine(weight: normal(8, [3]), bias: normal(9, []))
    let direction = Affine(weight: normal(10, [3]), bias: normal(11, []))
    let got = gaussNewtonProduct(of: model, loss: { 0.5 * ($0 * $0).sum() }, at: at)(direction)
    let jacobian = jacfwd(of: { (v: Tensor) in model(Affine(weight: v[.slice(0, 3)], bias: v[3])) })(
      concatenated([at.weight, at.bias.reshaped(to: [1])]))
    let expected = matmul(jacobian.transposed(), matmul(jacobian, concatenated([direction.weight, direction.bias.reshaped(to: [1])])))
    // The same float64 products in another order: rounding only.
    #expect(relativeError(concatenated([got.weight, got.bias.reshaped(to: [1])]), expected) <= 1e-12)
  }
}
