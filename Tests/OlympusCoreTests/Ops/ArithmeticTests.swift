import OlympusCore
import Testing

/// `+ - * / %`, `pow`, `floorDivide` and unary minus against NumPy, with broadcasting, promotion,
/// Swift-number operands, special values and non-contiguous operands.
@Suite struct ArithmeticTests {
  /// A binary operation with its tensor–number and number–tensor overloads; a case with a
  /// `scalar` argument uses one of those, on the side it names.
  static func arithmetic(
    _ tensors: @escaping @Sendable (Tensor, Tensor) -> Tensor,
    _ tensorNumber: @escaping @Sendable (Tensor, Double) -> Tensor,
    _ numberTensor: @escaping @Sendable (Double, Tensor) -> Tensor
  ) -> FixtureOperation {
    { fixture in
      if let scalar = try fixture.optionalDouble("scalar") {
        let x = try fixture.input(0)
        return [try fixture.string("side") == "left" ? numberTensor(scalar, x) : tensorNumber(x, scalar)]
      }
      return [tensors(try fixture.input(0), try fixture.input(1))]
    }
  }

  static let operations: [String: FixtureOperation] = [
    "add": arithmetic({ $0 + $1 }, { $0 + $1 }, { $0 + $1 }),
    "subtract": arithmetic({ $0 - $1 }, { $0 - $1 }, { $0 - $1 }),
    "multiply": arithmetic({ $0 * $1 }, { $0 * $1 }, { $0 * $1 }),
    "divide": arithmetic({ $0 / $1 }, { $0 / $1 }, { $0 / $1 }),
    "remainder": arithmetic({ $0 % $1 }, { $0 % $1 }, { $0 % $1 }),
    "pow": arithmetic({ pow($0, $1) }, { pow($0, $1) }, { pow($0, $1) }),
    "floorDivide": { [floorDivide(try $0.input(0), try $0.input(1))] },
    "negate": { [-(try $0.input(0))] },
  ]

  @Test(arguments: try Fixtures.cases("arithmetic"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("arithmetic", Self.operations)
  }

  /// `pow(x, 2)` is a multiplication: correctly rounded squares (the float64 product of two floats
  /// is exact, so rounding it once gives the correctly rounded float32 square), the derivative `2x`,
  /// and a `mul` in staged graphs instead of `pow`.
  @Test func squareIsAMultiplication() {
    let values: [Float] = [-3.7, -1, -0, 0, 1e-20, 0.1, 1.5, 3e19, .infinity]
    let squares = pow(Tensor(values), 2).scalars(as: Float.self)
    #expect(squares == values.map { Float(Double($0) * Double($0)) })
    let x = Tensor([-1.5, 0, 2.25])
    #expect(grad(of: { pow($0, 2).sum() })(x).scalars(as: Double.self) == [-3, 0, 4.5])
    let graph = makeGraph(of: { [pow($0[0], 2)] }, for: [TensorType(shape: [3], dtype: .float32)])
    #expect(graph.equations.map(\.primitive.description) == ["mul"])
    #expect(pow(Tensor([2, 3] as [Int64]), 2).scalars(as: Int64.self) == [4, 9])
  }

  @Test func compoundAssignmentsMatchTheirOperators() {
    let a = Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
    let b = Tensor([0.5, -1] as [Float])
    var x = a
    x += b
    expectClose(x, [1.5, 1, 3.5, 3], shape: [2, 2])
    x -= 1
    expectClose(x, [0.5, 0, 2.5, 2], shape: [2, 2])
    x *= b
    expectClose(x, [0.25, 0, 1.25, -2], shape: [2, 2])
    x /= 0.5
    expectClose(x, [0.5, 0, 2.5, -4], shape: [2, 2])
    x += 1
    x -= b
    x *= 2
    x /= b
    expectClose(x, [4, -4, 12, 4], shape: [2, 2])
    #expect(a.scalars(as: Float.self) == [1, 2, 3, 4], "the original is a value; it does not change")
  }

  @Test func integerTrueDivisionGivesFloat32() {
    let x = Tensor([7, -7, 1] as [Int]) / Tensor([2, 2, 3] as [Int32])
    expectClose(x, [3.5, -3.5, Double(Float(1) / Float(3))], shape: [3])
  }

  /// NumPy's `floor_divide` (and Python's `//`) computes `(a - fmod(a, b)) / b` rounded, so
  /// `1 // 0.1` is 9 even though `1 / 0.1` rounds to 10.
  @Test func floorDivideMatchesNumPyWhereTheQuotientRoundsUp() {
    let x = floorDivide(Tensor([1.0, -1.0] as [Double]), Tensor([0.1, 0.1] as [Double]))
    expectClose(x, [9, -10], shape: [2], dtype: .float64)
  }

  /// NumPy and JAX accept `mask * 1` and `mask + 0` on a boolean mask (giving integers); a number
  /// 0 or 1 keeps the tensor's `bool` type by the weak-type rule, and must not make the
  /// operation fail.
  @Test func boolMaskTimesOneIsAccepted() throws {
    let mask = Tensor([true, false, true])
    let product = try withErrorChecking { mask * 1 }
    #expect(product.scalars(as: Int.self) == [1, 0, 1])
    let sum = try withErrorChecking { mask + 0 }
    #expect(sum.scalars(as: Int.self) == [1, 0, 1])
  }
}
