import OlympusCore
import Testing

/// Failures of the `Linalg` operations and `einsum`: singular and non-positive-definite matrices
/// are `OlympusError`s naming the operation, the shape and the failing pivot under eager
/// evaluation; `slogdet` of a singular matrix is (0, −∞), not an error; malformed arguments are
/// clear errors.
@Suite struct LinalgErrorTests {
  func message(_ body: () -> Tensor) -> String? {
    do {
      _ = try withErrorChecking { body() }
      return nil
    } catch {
      return "\(error)"
    }
  }

  /// Row 1 is twice row 0, and the multipliers against the first pivot (row 2) are 1/4 and 1/2,
  /// exact in binary: the second pivot is exactly zero, whatever the order of operations.
  static let singular = Tensor([1, 2, 3, 2, 4, 6, 4, 8, 13] as [Double], shape: [3, 3])

  @Test func singularSolveNamesThePivot() throws {
    let text = try #require(message { Linalg.solve(Self.singular, Tensor([1, 2, 3] as [Double])) })
    #expect(text.hasPrefix("Linalg.solve: the matrix of float64[3,3] is singular"), "\(text)")
    #expect(text.contains("pivot 1"), "\(text)")
    let batch = stacked([Tensor.eye(3, dtype: .float64), Self.singular])
    let batched = try #require(message { Linalg.inv(batch) })
    #expect(batched.hasPrefix("Linalg.inv: matrix [1] of float64[2,3,3] is singular"), "\(batched)")
    // Under differentiation the values are still concrete, and the check still applies.
    #expect(message { grad(of: { Linalg.solve($0, Tensor([1, 2, 3] as [Double])).sum() })(Self.singular) } != nil)
  }

  @Test func choleskyOfAnIndefiniteMatrixNamesThePivot() throws {
    let a = Tensor([4, 0, 0, 0, 1, 0, 0, 0, -1] as [Double], shape: [3, 3])
    let text = try #require(message { Linalg.cholesky(a) })
    #expect(text.hasPrefix("Linalg.cholesky: the matrix of float64[3,3] is not positive definite"), "\(text)")
    #expect(text.contains("column 2"), "\(text)")
    let float32 = try #require(message { Linalg.cholesky(stacked([Tensor.eye(3), a.astype(.float32)])) })
    #expect(float32.contains("matrix [1] of float32[2,3,3]"), "\(float32)")
  }

  /// Under `jit` there are no values to check: the factor carries NaN from the failing column on.
  @Test func tracedFailuresGiveNaN() throws {
    let a = Tensor([4, 0, 0, 0, 1, 0, 0, 0, -1] as [Double], shape: [3, 3])
    let factor = try withErrorChecking { jit({ Linalg.cholesky($0) })(a) }
    let values = factor.scalars(as: Double.self)
    #expect(values[0] == 2 && values[4] == 1 && values[8].isNaN)
  }

  @Test func slogdetOfASingularMatrixIsZeroAndMinusInfinity() throws {
    let (sign, logAbsDet) = try withErrorChecking { Linalg.slogdet(Self.singular) }
    #expect(sign.item(as: Double.self) == 0)
    #expect(logAbsDet.item(as: Double.self) == -.infinity)
    #expect(Linalg.det(Self.singular).item(as: Double.self) == 0)
  }

  @Test func badShapesAreRejected() {
    #expect(message { Linalg.solve(Tensor.ones([3, 4]), Tensor.ones([3])) }?.hasPrefix("Linalg.solve: expects square") == true)
    #expect(message { Linalg.solve(Tensor.eye(3), Tensor.ones([4])) }?.contains("b must be [..., 3]") == true)
    #expect(message { Linalg.cholesky(Tensor.ones([3, 3], dtype: .int32)) }?.contains("float32 or float64") == true)
    #expect(message { Linalg.slogdet(Tensor.ones([2])).sign } != nil)
  }

  @Test func malformedSubscriptsAreRejected() {
    let x = Tensor.ones([2, 3])
    let cases: [(String, [Tensor], String)] = [
      ("ij,jk", [x], "2 operand terms for 1 operands"),
      ("ijk", [x], "names 3 axes of an operand of rank 2"),
      ("ij->iz", [x], "output label z appears in no operand"),
      ("ij->ii", [x], "the output repeats a label"),
      ("i1", [x], "'1' is not a label"),
      ("ij,ij", [x, Tensor.ones([3, 2])], "label i has sizes 2 and 3"),
      ("i->j->k", [Tensor.ones([2])], "more than one '->'"),
      ("......", [x], "'...' appears twice"),
    ]
    for (subscripts, operands, expected) in cases {
      let text = message { einsum(subscripts, operands) }
      #expect(text?.hasPrefix("einsum: \"\(subscripts)\"") == true && text?.contains(expected) == true, "\(subscripts): \(text ?? "no error")")
    }
  }
}
