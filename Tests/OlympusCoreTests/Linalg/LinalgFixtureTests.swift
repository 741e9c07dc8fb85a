import OlympusCore
import Testing

/// The `Linalg` operations and `einsum` against NumPy/SciPy (`Fixtures/linalg.json`, written by
/// `Scripts/generate-linalg-fixtures.py`, whose docstring derives each case's tolerance).
@Suite struct LinalgFixtureTests {
  static let operations: [String: FixtureOperation] = [
    "solve": { [Linalg.solve(try $0.input(0), try $0.input(1))] },
    "solveTriangular": { fixture in
      [
        Linalg.solveTriangular(
          try fixture.input(0), try fixture.input(1), lower: try fixture.flag("lower"),
          transposeA: try fixture.flag("transposeA"), unitDiagonal: try fixture.flag("unitDiagonal"))
      ]
    },
    "inv": { [Linalg.inv(try $0.input(0))] },
    "cholesky": { [Linalg.cholesky(try $0.input(0))] },
    "det": { [Linalg.det(try $0.input(0))] },
    "slogdet": { fixture in
      let (sign, logAbsDet) = Linalg.slogdet(try fixture.input(0))
      return [sign, logAbsDet]
    },
    "norm": { [Linalg.norm(try $0.input(0))] },
    "normAxes": { [Linalg.norm(try $0.input(0), axes: try $0.ints("axes"))] },
    "einsum": { [einsum(try $0.string("subscripts"), try $0.allInputs())] },
  ]

  static let groups = ["solve", "solveTriangular", "cholesky", "determinant", "norm", "einsum"]

  static var cases: [FixtureCase] {
    get throws { try groups.flatMap { try Fixtures.cases($0, file: "linalg") } }
  }

  @Test(arguments: try cases)
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    let used = Set(try Self.cases.map(\.op))
    #expect(used == Set(Self.operations.keys))
  }
}
