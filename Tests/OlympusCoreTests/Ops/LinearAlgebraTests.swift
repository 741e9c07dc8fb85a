import OlympusCore
import Testing

/// matmul, dot, tensordot and outer against NumPy: batch broadcasting, 1-d operands, mixed types,
/// transposed and strided operands, zero-size dimensions and sizes beyond one GEMM block.
@Suite struct LinearAlgebraTests {
  static let operations: [String: FixtureOperation] = [
    "matmul": { [matmul(try $0.input(0), try $0.input(1))] },
    "dot": { [dot(try $0.input(0), try $0.input(1))] },
    "outer": { [outer(try $0.input(0), try $0.input(1))] },
    "tensordot": { fixture in
      let (a, b) = (try fixture.input(0), try fixture.input(1))
      guard let axes = fixture.args["axes"] else { throw FixtureError("tensordot without axes") }
      if case .number = axes { return [tensordot(a, b, axes: try axes.int())] }
      let pair = try axes.array().map { try $0.ints() }
      return [tensordot(a, b, axes: (pair[0], pair[1]))]
    },
  ]

  @Test(arguments: try Fixtures.cases("linalg"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("linalg", Self.operations)
  }

  @Test func identityMatrixLeavesAMatrixUnchanged() {
    let x = Tensor((0..<12).map { Double($0) - 5.5 }, shape: [3, 4])
    expectClose(matmul(x, Tensor.eye(4, dtype: .float64)), (0..<12).map { Double($0) - 5.5 }, shape: [3, 4], dtype: .float64)
    expectClose(matmul(Tensor.eye(3, dtype: .float64), x), (0..<12).map { Double($0) - 5.5 }, shape: [3, 4], dtype: .float64)
  }

  /// A product large enough for several cache blocks and threads; every entry of ones × ones is k.
  @Test func largeProductOfOnesIsExact() {
    let (m, k, n) = (130, 257, 67)
    let product = matmul(Tensor.ones([m, k]), Tensor.ones([k, n]))
    #expect(product.shape == [m, n])
    #expect(product.scalars(as: Float.self).allSatisfy { $0 == Float(k) })
  }
}
