import OlympusCore
import Testing

/// Building tensors, reading them back, converting types, and the creation functions.
@Suite struct TensorTests {
  static let operations: [String: FixtureOperation] = [
    "zeros": { [Tensor.zeros(try $0.ints("shape"), dtype: try $0.dtype("dtype") ?? .float32)] },
    "ones": { [Tensor.ones(try $0.ints("shape"), dtype: try $0.dtype("dtype") ?? .float32)] },
    "full": { [Tensor.full(try $0.ints("shape"), value: try $0.double("value"), dtype: try $0.dtype("dtype") ?? .float32)] },
    "arange": { [Tensor.arange(try $0.int("end"), dtype: try $0.dtype("dtype") ?? .int64)] },
    "arangeRange": { fixture in
      [
        Tensor.arange(
          try fixture.double("start"), try fixture.double("end"), step: try fixture.double("step"),
          dtype: try fixture.dtype("dtype") ?? .float32)
      ]
    },
    "linspace": { fixture in
      [
        Tensor.linspace(
          try fixture.double("start"), try fixture.double("end"), count: try fixture.int("count"),
          dtype: try fixture.dtype("dtype") ?? .float32)
      ]
    },
    "eye": { fixture in
      [
        Tensor.eye(
          try fixture.int("rows"), columns: try fixture.optionalInt("columns"), diagonal: try fixture.int("diagonal"),
          dtype: try fixture.dtype("dtype") ?? .float32)
      ]
    },
  ]

  @Test(arguments: try Fixtures.cases("creation"))
  func creationMatchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryCreationFunction() throws {
    try Fixtures.expectCoverage("creation", Self.operations)
  }

  // MARK: Initializers

  @Test func elementTypeFollowsTheSwiftType() {
    #expect(Tensor([1, 2] as [Float]).dtype == .float32)
    #expect(Tensor([1, 2] as [Double]).dtype == .float64)
    #expect(Tensor([1, 2] as [Int32]).dtype == .int32)
    #expect(Tensor([1, 2] as [Int]).dtype == .int64)
    #expect(Tensor([1, 2] as [Int64]).dtype == .int64)
    #expect(Tensor([true, false]).dtype == .bool)
  }

  @Test func elementsRoundTripInRowMajorOrder() {
    let floats: [Float] = [1.5, -2, 3.25, 0, 7, -0.125]
    #expect(Tensor(floats, shape: [2, 3]).scalars(as: Float.self) == floats)
    let doubles: [Double] = [1e300, -1e-300, .pi]
    #expect(Tensor(doubles).scalars(as: Double.self) == doubles)
    let ints: [Int32] = [.min, -1, 0, .max]
    #expect(Tensor(ints, shape: [2, 2]).scalars(as: Int32.self) == ints)
    let longs: [Int] = [.min, -(1 << 60) - 3, 0, (1 << 62) + 1, .max]
    #expect(Tensor(longs).scalars(as: Int.self) == longs, "int64 values beyond 2⁵³ survive")
    #expect(Tensor(longs.map { Int64($0) }).scalars(as: Int64.self) == longs.map { Int64($0) })
    let flags = [true, false, false, true]
    #expect(Tensor(flags, shape: [4, 1]).scalars(as: Bool.self) == flags)
  }

  @Test func shapeRankAndCounts() {
    let x = Tensor([Float](repeating: 1, count: 24), shape: [2, 3, 4])
    #expect(x.shape == [2, 3, 4])
    #expect(x.rank == 3)
    #expect(x.elementCount == 24)
    #expect(x.type == TensorType(shape: [2, 3, 4], dtype: .float32))
    #expect(x.type.description == "float32[2,3,4]")
    #expect(x.isConcrete)
    #expect(!x.isFailed)
  }

  @Test func zeroDimensionalTensorsHoldOneElement() {
    let x = Tensor(Float(2.5))
    #expect(x.shape == [])
    #expect(x.rank == 0)
    #expect(x.elementCount == 1)
    #expect(x.item(as: Float.self) == 2.5)
    #expect(x.scalars(as: Double.self) == [2.5])
    #expect(Tensor([7] as [Int], shape: []).item(as: Int.self) == 7)
    #expect(Tensor(true).item(as: Bool.self))
  }

  @Test func zeroSizeTensorsHaveNoElements() {
    let x = Tensor([] as [Float], shape: [0, 3])
    #expect(x.shape == [0, 3])
    #expect(x.elementCount == 0)
    #expect(x.scalars(as: Float.self) == [])
    expectClose(x.sum(axes: [0]), [0, 0, 0], shape: [3])
    #expect((x * 2).shape == [0, 3])
    #expect(Tensor([] as [Int]).shape == [0])
  }

  @Test func itemReadsASingleElementOfAnyShape() {
    #expect(Tensor([4.5] as [Double], shape: [1, 1, 1]).item(as: Double.self) == 4.5)
    #expect(Tensor([-3] as [Int32], shape: [1]).item(as: Int.self) == -3)
  }

  // MARK: Reading and converting

  @Test func scalarsConvertToTheRequestedType() {
    let x = Tensor([1.9, -1.9, 0.5, 0, -0.0] as [Float])
    #expect(x.scalars(as: Int.self) == [1, -1, 0, 0, 0], "floats truncate toward zero")
    #expect(x.scalars(as: Bool.self) == [true, true, true, false, false])
    #expect(x.scalars(as: Double.self) == [1.9, -1.9, 0.5, 0, 0].map { Double(Float($0)) })
    #expect(Tensor([true, false]).scalars(as: Float.self) == [1, 0])
    #expect(Tensor([3, -4] as [Int32]).scalars(as: Double.self) == [3, -4])
  }

  @Test func astypeConvertsLikeNumPyCasting() {
    let x = Tensor([2.75, -2.75, 0.1, 1e20, -1e20, .nan] as [Double])
    expectEqual(x.astype(.int32), [2, -2, 0, Int(Int32.max), Int(Int32.min), 0], shape: [6], dtype: .int32)
    expectEqual(x.astype(.int64), [2, -2, 0, Int.max, Int.min, 0], shape: [6], dtype: .int64)
    expectEqual(x.astype(.bool), [true, true, true, true, true, true], shape: [6])
    expectClose(x.astype(.float32), [2.75, -2.75, Double(Float(0.1)), Double(Float(1e20)), Double(Float(-1e20)), .nan], shape: [6])
    expectClose(Tensor([true, false, true]).astype(.float64), [1, 0, 1], shape: [3], dtype: .float64)
    expectEqual(Tensor([0, 5, -1] as [Int]).astype(.bool), [false, true, true], shape: [3])
    expectEqual(Tensor([Int(Int32.max) + 1, -7] as [Int]).astype(.int32), [Int(Int32.min), -7], shape: [2], dtype: .int32)
  }

  @Test func astypeToTheSameTypeKeepsTheValues() {
    let x = Tensor([1, 2, 3] as [Int32])
    let y = x.astype(.int32)
    #expect(y.dtype == .int32)
    #expect(y.scalars(as: Int32.self) == [1, 2, 3])
  }

  @Test func zerosAndOnesLikeCopyShapeAndType() {
    let x = Tensor([1, 2, 3, 4, 5, 6] as [Int32], shape: [3, 2])
    expectEqual(Tensor.zeros(like: x), [0, 0, 0, 0, 0, 0], shape: [3, 2], dtype: .int32)
    expectEqual(Tensor.ones(like: x), [1, 1, 1, 1, 1, 1], shape: [3, 2], dtype: .int32)
  }

  @Test func valuesAreSharedNotMutated() {
    let x = Tensor([1, 2, 3] as [Float])
    let y = x
    let z = y + 1
    #expect(x.scalars(as: Float.self) == [1, 2, 3])
    #expect(z.scalars(as: Float.self) == [2, 3, 4])
  }
}
