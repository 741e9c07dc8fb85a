import OlympusCore
import Testing

/// argsort against NumPy's stable sort, NaNs last.
@Suite struct SortingTests {
  static let operations: [String: FixtureOperation] = [
    "argsort": { [try $0.input(0).argsort(axis: try $0.int("axis"))] }
  ]

  @Test(arguments: try Fixtures.cases("sorting"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("sorting", Self.operations)
  }

  @Test func takingTheArgsortSortsTheValues() {
    let values: [Double] = [3, -1, 2.5, 0, -7, 2.5, 10]
    let x = Tensor(values)
    expectClose(x.take(x.argsort()), values.sorted(), shape: [7], dtype: .float64)
  }
}
