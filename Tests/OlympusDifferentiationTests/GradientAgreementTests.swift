#if canImport(_Differentiation)
import _Differentiation
import OlympusCore
import OlympusDifferentiation
import OlympusNN
import Testing

/// A scalar function of a float64 vector of nine elements, differentiable by Swift.
typealias ScalarFunction = @differentiable(reverse) (Tensor) -> Tensor

/// Recursion on an integer: `x` squared `depth` times, rescaled each time to stay near 1.
@differentiable(reverse)
func repeatedlySquared(_ x: Tensor, depth: Int) -> Tensor {
  if depth == 0 { return x }
  return repeatedlySquared(x * x * 0.8 + 0.1, depth: depth - 1)
}

/// A well-conditioned 3×3 matrix made from the nine elements.
@differentiable(reverse)
func squareMatrix(_ x: Tensor) -> Tensor {
  x.reshaped(to: [3, 3]) + Tensor.eye(3, dtype: .float64) * 3
}

/// The data-dependent `if` case for Olympus's `grad`, which traces: the same choice as one
/// operation (`cond`).
func ifReference(_ x: Tensor) -> Tensor {
  cond(x.sum() .> 0, x, then: { ($0 * $0 * $0).sum() }, else: { $0.sum() })
}

/// The acceptance set: thirty scalar functions of a float64 vector, covering elementwise math,
/// reductions, shapes, indexing, joins, linear algebra, layers, losses and Swift control flow
/// (`if`, `for` over a range, `while` with a counter, recursion on an integer).
var agreementCases: [(name: String, function: ScalarFunction)] {
  [
  ("sin·x", { x in (sin(x) * x).sum() }),
  ("exp mean", { x in exp(x).mean() }),
  ("tanh squared", { x in tanh(x).square().sum() }),
  ("log1p of square", { x in log1p(x * x).sum() }),
  ("sigmoid·cos", { x in (sigmoid(x) * cos(x)).sum() }),
  ("softmax weighted", { x in (softmax(x.reshaped(to: [3, 3])) * Tensor.arange(9, dtype: .float64).reshaped(to: [3, 3])).sum() }),
  ("logSumExp", { x in x.reshaped(to: [3, 3]).logSumExp(axes: [1]).sum() }),
  ("matmul Gram", { x in matmul(x.reshaped(to: [3, 3]).transposed(), x.reshaped(to: [3, 3])).sum() }),
  ("pow and division", { x in (pow(x, 3) / (x + 2)).sum() }),
  ("sqrt and rsqrt", { x in (sqrt(x * x + 1) + rsqrt(x + 1)).sum() }),
  ("if on a value read from the tensor", { x in
    // Olympus's `grad` traces, so it cannot read `item()`; its reference is `ifReference`.
    if x.sum().item() > 0 { return (x * x * x).sum() } else { return x.sum() }
  }),
  ("for over a range", { x in
    var y = x
    for step in 0..<3 { y = sin(y) * Double(step + 1) + y * 0.5 }
    return y.sum()
  }),
  ("while with a counter", { x in
    var y = x
    var count = 0
    while count < 4 {
      y = y * 0.5 + tanh(y)
      count += 1
    }
    return y.sum()
  }),
  ("recursion on an integer", { x in repeatedlySquared(x, depth: 3).sum() }),
  ("concatenated and stacked", { x in
    (concatenated([x, x * 2]).square().sum() + stacked([x, sin(x)], axis: 1).prod(axes: [1]).sum())
  }),
  ("split", { x in
    let parts = x.split(into: 3)
    return (parts[0] * parts[2] + parts[1]).sum()
  }),
  ("subscript and take", { x in
    x[2..<7].square().sum() + x.take(Tensor([0, 4, 4, 8] as [Int64])).sum()
  }),
  ("select", { x in select(x .> 0.6, x * x, -x).sum() }),
  ("gelu and silu", { x in (gelu(x) + silu(x) * 2).sum() }),
  ("determinant", { x in Linalg.det(squareMatrix(x)) }),
  ("log-determinant", { x in
    // Bound first: reading one element of a tuple result directly can misroute its cotangent
    // (a Swift 6.3.1 bug, see the guide).
    let result = Linalg.slogdet(squareMatrix(x))
    return result.logAbsDet
  }),
  ("solve", { x in Linalg.solve(squareMatrix(x), Tensor([1, 2, 3] as [Double])).sum() }),
  ("cross-entropy", { x in crossEntropy(x.reshaped(to: [3, 3]), Tensor([0, 2, 1] as [Int64])) }),
  ("mse and huber", { x in mse(x, sin(x)) + huber(x * 3, Tensor.zeros([9], dtype: .float64)) }),
  ("cumsum and prod", { x in x.cumsum().sum() + x[0..<4].prod() }),
  ("einsum", { x in einsum("ij,jk->ik", [x.reshaped(to: [3, 3]), x.reshaped(to: [3, 3])]).sum() }),
  ("variance and std", { x in x.variance() + x.reshaped(to: [3, 3]).std(axes: [0]).sum() }),
  ("maximum and clip", { x in (maximum(x, 0.55) + clip(x, min: 0.3, max: 0.9) * x).sum() }),
  ("transposed and padded", { x in (x.reshaped(to: [3, 3]).transposed().padded([(1, 0), (0, 2)]) * Tensor.arange(20, dtype: .float64).reshaped(to: [4, 5])).sum() }),
  ("in-place updates", { x in
    var y = x * 1
    y += sin(x)
    y *= x
    y -= 0.25
    y /= cos(x) + 2
    return y.sum()
  }),
  ]
}

@Suite("Swift gradient(at:of:) agrees with Olympus")
struct GradientAgreementTests {
  /// A float64 point whose elements lie in (0.2, 1.2), away from every kink the cases have
  /// (0.55, 0.6, 0.3, 0.9) and inside every domain (log1p, sqrt, rsqrt, pow).
  static let point = Tensor([0.21, 0.43, 0.37, 0.95, 1.13, 0.71, 0.82, 0.26, 1.04] as [Double])

  @Test func thereAreThirtyCases() {
    #expect(agreementCases.count == 30)
  }

  @Test(arguments: agreementCases.indices)
  func agreesWithOlympusGradAndFiniteDifferences(_ index: Int) {
    let (name, function) = agreementCases[index]
    let swiftGradient = gradient(at: Self.point, of: function)
    let reference = name.hasPrefix("if on a value") ? ifReference : { (x: Tensor) in function(x) }
    let olympusGradient = grad(of: reference)(Self.point)
    #expect(swiftGradient.shape == [9] && swiftGradient.dtype == .float64, "\(name): \(swiftGradient.type)")
    // Both run the same Olympus pullbacks on the same values, so they agree to rounding; the
    // acceptance bound is 1e-6 relative.
    #expect(relativeDifference(swiftGradient, olympusGradient) <= 1e-6, "\(name): \(swiftGradient) vs \(olympusGradient)")
    // Central differences with step 1e-5 in float64: truncation error h²·|f'''|/6 ≈ 1e-10·|f'''|
    // and rounding ≈ 1e-16·|f|/h ≈ 1e-11·|f|, both far below the 1e-6 relative bound.
    let differences = centralDifferences(of: { function($0) }, at: Self.point, step: 1e-5)
    #expect(relativeDifference(swiftGradient, differences) <= 1e-6, "\(name): \(swiftGradient) vs FD \(differences)")
  }
}

/// `max |a − b| / max(1, max |b|)`.
func relativeDifference(_ a: Tensor, _ b: Tensor) -> Double {
  let scale = Swift.max(1, abs(b).max().item(as: Double.self))
  return abs(a - b).max().item(as: Double.self) / scale
}

/// The gradient of `f` at `x` by central differences, one coordinate at a time.
func centralDifferences(of f: (Tensor) -> Tensor, at x: Tensor, step: Double) -> Tensor {
  let values = x.scalars(as: Double.self)
  let partials = values.indices.map { index -> Double in
    var up = values
    var down = values
    up[index] += step
    down[index] -= step
    let difference = f(Tensor(up, shape: x.shape)).item(as: Double.self) - f(Tensor(down, shape: x.shape)).item(as: Double.self)
    return difference / (2 * step)
  }
  return Tensor(partials, shape: x.shape)
}
#endif
