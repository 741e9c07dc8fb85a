import Foundation
import OlympusCore
import Testing

/// `matmul`'s gradient for an operand stored transposed (a weight used as `x·wᵀ`, as `Linear` and
/// attention projections use it) is computed in that operand's memory order, so the weight's
/// gradient arrives row-major; its values are those of the operand's row-major copy, bit for bit
/// (the same sums of the same products in the same order).
@Suite struct MatMulGradientLayoutTests {
  /// Values with no pattern a wrong index could reproduce: sin(3i + offset).
  static func values(_ shape: [Int], offset: Double) -> [Double] {
    (0..<shape.reduce(1, *)).map { Foundation.sin(3 * Double($0) + offset) }
  }

  static func tensor(_ shape: [Int], _ dtype: DType, offset: Double) -> Tensor {
    let x = Tensor(Self.values(shape, offset: offset), shape: shape)
    return dtype == .float64 ? x : x.astype(dtype)
  }

  /// Shapes [m, k] · [k, n] with odd sizes, a single-row product and a batched one.
  static let shapes: [([Int], [Int])] = [([5, 7], [7, 3]), ([1, 9], [9, 6]), ([2, 4, 7], [2, 7, 5]), ([13, 40], [40, 11])]

  @Test(arguments: shapes, [DType.float32, .float64])
  func transposedWeightGradientIsRowMajor(_ shapes: ([Int], [Int]), _ dtype: DType) {
    let (aShape, bShape) = shapes
    let x = Self.tensor(aShape, dtype, offset: 0.3)
    // w is [..., n, k]; the product uses its transpose [..., k, n].
    var wShape = bShape
    wShape.swapAt(wShape.count - 1, wShape.count - 2)
    let w = Self.tensor(wShape, dtype, offset: 1.1)
    let upstream = Self.tensor(Array(aShape.dropLast()) + [bShape.last!], dtype, offset: 2.7)
    let viaView = grad(of: { (w: Tensor) in (matmul(x, w.swappingAxes(-1, -2)) * upstream).sum() })(w)
    // `* 1` makes a row-major copy of the transposed view (exact), so the product sees a plain
    // row-major operand and takes the usual rule.
    let viaCopy = grad(of: { (w: Tensor) in (matmul(x, w.swappingAxes(-1, -2) * 1) * upstream).sum() })(w)
    #expect(viaView.isContiguous)
    #expect(viaView.scalars(as: Double.self) == viaCopy.scalars(as: Double.self))
  }

  @Test(arguments: shapes, [DType.float32, .float64])
  func transposedLeftOperandGradientIsRowMajor(_ shapes: ([Int], [Int]), _ dtype: DType) {
    let (aShape, bShape) = shapes
    var tShape = aShape
    tShape.swapAt(tShape.count - 1, tShape.count - 2)
    let t = Self.tensor(tShape, dtype, offset: 0.5)
    let b = Self.tensor(bShape, dtype, offset: 1.9)
    let upstream = Self.tensor(Array(aShape.dropLast()) + [bShape.last!], dtype, offset: 2.2)
    let viaView = grad(of: { (t: Tensor) in (matmul(t.swappingAxes(-1, -2), b) * upstream).sum() })(t)
    let viaCopy = grad(of: { (t: Tensor) in (matmul(t.swappingAxes(-1, -2) * 1, b) * upstream).sum() })(t)
    #expect(viaView.isContiguous)
    #expect(viaView.scalars(as: Double.self) == viaCopy.scalars(as: Double.self))
  }

  /// The tape takes the same rule: a `Linear`-style weight's `.grad` is row-major and equal to the
  /// functional gradient.
  @Test func tapeGradientMatchesFunctional() {
    let x = Self.tensor([6, 10], .float32, offset: 0.4)
    let w = Self.tensor([4, 10], .float32, offset: 1.3).requiringGrad()
    tanh(matmul(x, w.transposed())).sum().backward()
    let functional = grad(of: { (w: Tensor) in tanh(matmul(x, w.transposed())).sum() })(w.detached())
    #expect(w.grad?.isContiguous == true)
    #expect(w.grad?.scalars(as: Float.self) == functional.scalars(as: Float.self))
  }
}
