import OlympusCore
import Testing

/// softmax and logSoftmax against NumPy, including large and infinite inputs.
@Suite struct NeuralMathTests {
  static let operations: [String: FixtureOperation] = [
    "softmax": { fixture in
      let x = try fixture.input(0)
      return [try fixture.optionalInts("axes").map { softmax(x, axes: $0) } ?? softmax(x)]
    },
    "logSoftmax": { fixture in
      let x = try fixture.input(0)
      return [try fixture.optionalInts("axes").map { logSoftmax(x, axes: $0) } ?? logSoftmax(x)]
    },
  ]

  @Test(arguments: try Fixtures.cases("neural"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("neural", Self.operations)
  }

  @Test func softmaxRowsSumToOne() {
    let x = Tensor((0..<40).map { Float($0 % 7) * 3 - 9 }, shape: [5, 8])
    let rows = softmax(x).sum(axes: [1]).scalars(as: Float.self)
    // Eight terms, each within a few ulp: 16 ε covers the sum's rounding.
    #expect(rows.allSatisfy { Swift.abs($0 - 1) <= 16 * Float.ulpOfOne }, "\(rows)")
  }
}
