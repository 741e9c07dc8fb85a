import OlympusCore
import Testing

/// Comparisons, logical operations and `select` against NumPy.
@Suite struct ComparisonTests {
  /// A comparison of two tensors, or of a tensor and the case's `scalar`.
  static func comparison(
    _ tensors: @escaping @Sendable (Tensor, Tensor) -> Tensor, _ number: @escaping @Sendable (Tensor, Double) -> Tensor
  ) -> FixtureOperation {
    { fixture in
      if let scalar = try fixture.optionalDouble("scalar") { return [number(try fixture.input(0), scalar)] }
      return [tensors(try fixture.input(0), try fixture.input(1))]
    }
  }

  static func binary(_ function: @escaping @Sendable (Tensor, Tensor) -> Tensor) -> FixtureOperation {
    { [function(try $0.input(0), try $0.input(1))] }
  }

  static let operations: [String: FixtureOperation] = [
    "equal": comparison({ $0 .== $1 }, { $0 .== $1 }),
    "notEqual": comparison({ $0 .!= $1 }, { $0 .!= $1 }),
    "less": comparison({ $0 .< $1 }, { $0 .< $1 }),
    "lessEqual": comparison({ $0 .<= $1 }, { $0 .<= $1 }),
    "greater": comparison({ $0 .> $1 }, { $0 .> $1 }),
    "greaterEqual": comparison({ $0 .>= $1 }, { $0 .>= $1 }),
    "logicalAnd": binary { logicalAnd($0, $1) },
    "logicalOr": binary { logicalOr($0, $1) },
    "logicalXor": binary { logicalXor($0, $1) },
    "logicalNot": { [logicalNot(try $0.input(0))] },
    "select": { fixture in
      let condition = try fixture.input(0)
      if let onFalse = try fixture.optionalDouble("onFalse") {
        return [select(condition, try fixture.input(1), onFalse)]
      }
      if let onTrue = try fixture.optionalDouble("onTrue") {
        return [select(condition, onTrue, try fixture.input(1))]
      }
      return [select(condition, try fixture.input(1), try fixture.input(2))]
    },
  ]

  @Test(arguments: try Fixtures.cases("comparisons"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("comparisons", Self.operations)
  }

  @Test func logicalOperatorsMatchTheNamedFunctions() {
    let a = Tensor([true, true, false, false])
    let b = Tensor([true, false, true, false])
    expectEqual(a .& b, [true, false, false, false], shape: [4])
    expectEqual(a .| b, [true, true, true, false], shape: [4])
    expectEqual(a .^ b, [false, true, true, false], shape: [4])
    expectEqual(.!a, [false, false, true, true], shape: [4])
  }
}
