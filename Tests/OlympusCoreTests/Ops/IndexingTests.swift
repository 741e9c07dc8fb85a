import OlympusCore
import Testing

/// Subscripts, take, scatterAdding and oneHot against NumPy, and the Swift range spellings of
/// subscript entries.
@Suite struct IndexingTests {
  static let operations: [String: FixtureOperation] = [
    "subscript": { [try subscripted(try $0.input(0), try $0.indices("index"))] },
    "subscriptTensor": { [try $0.input(0)[try $0.input(1)]] },
    "take": { [try $0.input(0).take(try $0.input(1), axis: try $0.int("axis"))] },
    "scatterAdding": { fixture in
      let (x, updates, indices) = (try fixture.input(0), try fixture.input(1), try fixture.input(2))
      return [x.scatterAdding(updates, at: indices, axis: try fixture.int("axis"))]
    },
    "oneHot": { fixture in
      [oneHot(try fixture.input(0), count: try fixture.int("count"), dtype: try fixture.dtype("dtype") ?? .float32)]
    },
  ]

  @Test(arguments: try Fixtures.cases("indexing"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("indexing", Self.operations)
  }

  /// `x[indices: entries]` is the variadic subscript with its entries in an array.
  @Test func arraySubscriptMatchesTheVariadicOne() throws {
    let x = Tensor((0..<24).map(Float.init), shape: [2, 3, 4])
    let cases: [[any TensorIndexConvertible]] = [
      [1], [0, 1..<3], [TensorIndex.ellipsis, TensorIndex.slice(step: -1)], [TensorIndex.newAxis, 1, TensorIndex.all, -1], [],
    ]
    for entries in cases {
      let expected = try subscripted(x, entries.map(\.tensorIndex))
      let result = x[indices: entries]
      #expect(result.shape == expected.shape && result.scalars(as: Float.self) == expected.scalars(as: Float.self), "\(entries)")
    }
  }

  /// Swift ranges spell the same slices as `.slice(start, end)`; a closed range ending at -1
  /// runs through the last element.
  @Test(arguments: [
    (TensorIndex.slice(1, 3), (1..<3).tensorIndex),
    (.slice(1, 3), (1...2).tensorIndex),
    (.slice(2), (2...).tensorIndex),
    (.slice(nil, 2), (..<2).tensorIndex),
    (.slice(nil, 3), (...2).tensorIndex),
    (.slice(nil, nil), (...(-1)).tensorIndex),
    (.slice(-3, nil), ((-3)...(-1)).tensorIndex),
    (.slice(-3, -1), ((-3)...(-2)).tensorIndex),
    (.index(-2), (-2).tensorIndex),
    (.all, TensorIndex.slice()),
  ])
  func swiftRangesSpellSlices(expected: TensorIndex, spelled: TensorIndex) {
    #expect(spelled == expected)
  }

  @Test func rangeSubscriptsSelectTheSameElementsAsSlices() {
    let x = Tensor((0..<20).map { Double($0) }, shape: [4, 5])
    expectClose(x[1..<3, 2...], [7, 8, 9, 12, 13, 14], shape: [2, 3], dtype: .float64)
    expectClose(x[..<1, -2], [3], shape: [1], dtype: .float64)
    expectClose(x[(-2)...(-1), ...1], [10, 11, 15, 16], shape: [2, 2], dtype: .float64)
    expectClose(x[2], [10, 11, 12, 13, 14], shape: [5], dtype: .float64)
  }

  @Test func subscriptsAreViewsThatComposeWithArithmetic() {
    let x = Tensor((0..<12).map { Float($0) }, shape: [3, 4])
    let reversedColumns = x[.all, .slice(step: -1)]
    expectClose(reversedColumns + x, [3, 3, 3, 3, 11, 11, 11, 11, 19, 19, 19, 19], shape: [3, 4])
  }
}
