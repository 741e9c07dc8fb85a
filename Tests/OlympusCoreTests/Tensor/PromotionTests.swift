import OlympusCore
import Testing

/// Type promotion: JAX's lattice (bool < integers < floats, a float of any width winning over
/// every integer) and the weak type of Swift numbers (`x * 2` keeps `x`'s type).
@Suite struct PromotionTests {
  /// The promoted type of every ordered pair, written out: rows are the left operand.
  static let table: [(DType, [DType: DType])] = [
    (.float32, [.float32: .float32, .float64: .float64, .int32: .float32, .int64: .float32, .bool: .float32]),
    (.float64, [.float32: .float64, .float64: .float64, .int32: .float64, .int64: .float64, .bool: .float64]),
    (.int32, [.float32: .float32, .float64: .float64, .int32: .int32, .int64: .int64, .bool: .int32]),
    (.int64, [.float32: .float32, .float64: .float64, .int32: .int64, .int64: .int64, .bool: .int64]),
    (.bool, [.float32: .float32, .float64: .float64, .int32: .int32, .int64: .int64, .bool: .bool]),
  ]

  static var pairs: [(DType, DType, DType)] {
    table.flatMap { left, row in row.map { (left, $0.key, $0.value) } }
  }

  @Test(arguments: pairs)
  func promotedFollowsTheLattice(_ a: DType, _ b: DType, _ expected: DType) {
    #expect(DType.promoted(a, b) == expected)
  }

  @Test(arguments: pairs)
  func operationsPromoteTheirOperands(_ a: DType, _ b: DType, _ expected: DType) {
    let x = Tensor.ones([2], dtype: a)
    let y = Tensor.zeros([2], dtype: b)
    let chosen = select(Tensor([true, false]), x, y)
    #expect(chosen.dtype == expected)
    #expect(chosen.scalars(as: Double.self) == [1, 0])
    #expect(concatenated([x, y]).dtype == expected)
    if expected != .bool {
      #expect((x + y).dtype == expected)
      #expect((x * y).dtype == expected)
      #expect(maximum(x, y).dtype == expected)
      #expect(matmul(x, y).dtype == expected)
    }
  }

  @Test func the64BitIntegerPlusFloat32IsFloat32() {
    let sum = Tensor([1, 2] as [Int]) + Tensor([0.5, 0.25] as [Float])
    #expect(sum.dtype == .float32)
    #expect(sum.scalars(as: Float.self) == [1.5, 2.25])
  }

  /// A Swift number takes the tensor's type unless it does not fit its kind.
  @Test(arguments: [
    (DType.float32, 2.0, DType.float32), (.float32, 2.5, .float32), (.float32, 1e300, .float32),
    (.float64, 2.0, .float64), (.float64, 0.1, .float64),
    (.int32, 2.0, .int32), (.int32, 2.5, .float32), (.int32, -3.0, .int32),
    (.int64, 3.0, .int64), (.int64, -0.5, .float32),
    (.bool, 2.0, .int64), (.bool, 2.5, .float32), (.bool, -1.0, .int64),
  ])
  func numbersAreWeaklyTyped(_ dtype: DType, _ number: Double, _ expected: DType) {
    let x = Tensor.ones([3], dtype: dtype)
    #expect((x * number).dtype == expected)
    #expect((number * x).dtype == expected)
    #expect((x + number).dtype == expected)
    #expect((x - number).dtype == expected)
  }

  @Test func zeroAndOneKeepABoolTensorBool() {
    let mask = Tensor([true, false])
    #expect(select(Tensor([true, true]), mask, 1).dtype == .bool)
    #expect(select(Tensor([false, false]), 0, mask).dtype == .bool)
    #expect((mask .== 1).scalars(as: Bool.self) == [true, false])
  }

  @Test func literalsKeepValues() {
    let x = Tensor([1, 2, 3] as [Float]) * 2
    #expect(x.dtype == .float32)
    #expect(x.scalars(as: Float.self) == [2, 4, 6])
    let y = Tensor([1, 2, 3] as [Int32]) * 2.5
    #expect(y.dtype == .float32)
    #expect(y.scalars(as: Float.self) == [2.5, 5, 7.5])
    let z = Tensor([4, 5] as [Int32]) + 1
    #expect(z.dtype == .int32)
    #expect(z.scalars(as: Int32.self) == [5, 6])
  }

  @Test func floatFunctionsOfIntegersGiveFloat32() {
    let integers = Tensor([1, 2, 4] as [Int])
    #expect(exp(integers).dtype == .float32)
    #expect((integers / Tensor([2] as [Int])).dtype == .float32)
    #expect(integers.mean().dtype == .float32)
    #expect(integers.variance().dtype == .float32)
    #expect(integers.sum().dtype == .int64)
    #expect(Tensor([1, 2] as [Int32]).sum().dtype == .int32)
    #expect(Tensor([true, true]).sum().dtype == .int64)
    #expect(integers.argmax().dtype == .int64)
    #expect(softmax(integers).dtype == .float32)
  }

  @Test func dtypeProperties() {
    #expect(DType.allCases.map(\.description) == ["float32", "float64", "int32", "int64", "bool"])
    #expect(DType.allCases.map(\.byteCount) == [4, 8, 4, 8, 1])
    #expect(DType.allCases.filter(\.isFloatingPoint) == [.float32, .float64])
    #expect(DType.allCases.filter(\.isInteger) == [.int32, .int64])
  }
}
