import OlympusCore
import Testing

/// Elementwise functions (exp … round, isNaN, isFinite) and maximum, minimum, clip against NumPy.
@Suite struct MathTests {
  static func unary(_ function: @escaping @Sendable (Tensor) -> Tensor) -> FixtureOperation {
    { [function(try $0.input(0))] }
  }

  /// `maximum`/`minimum` of two tensors, or of a tensor and the case's `scalar`.
  static func extremum(
    _ tensors: @escaping @Sendable (Tensor, Tensor) -> Tensor, _ number: @escaping @Sendable (Tensor, Double) -> Tensor
  ) -> FixtureOperation {
    { fixture in
      if let scalar = try fixture.optionalDouble("scalar") { return [number(try fixture.input(0), scalar)] }
      return [tensors(try fixture.input(0), try fixture.input(1))]
    }
  }

  static let operations: [String: FixtureOperation] = [
    "exp": unary { exp($0) }, "log": unary { log($0) }, "log1p": unary { log1p($0) },
    "expm1": unary { expm1($0) }, "sqrt": unary { sqrt($0) }, "rsqrt": unary { rsqrt($0) },
    "sin": unary { sin($0) }, "cos": unary { cos($0) }, "tan": unary { tan($0) }, "tanh": unary { tanh($0) },
    "sigmoid": unary { sigmoid($0) }, "abs": unary { abs($0) }, "sign": unary { sign($0) },
    "floor": unary { floor($0) }, "ceil": unary { ceil($0) }, "round": unary { round($0) },
    "isNaN": unary { isNaN($0) }, "isFinite": unary { isFinite($0) },
    "maximum": extremum({ maximum($0, $1) }, { maximum($0, $1) }),
    "minimum": extremum({ minimum($0, $1) }, { minimum($0, $1) }),
    "clip": { [clip(try $0.input(0), min: try $0.optionalDouble("min"), max: try $0.optionalDouble("max"))] },
    "clipTensors": { [clip(try $0.input(0), min: try $0.input(1), max: try $0.input(2))] },
  ]

  @Test(arguments: try Fixtures.cases("math"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("math", Self.operations)
  }

  @Test func roundingFunctionsReturnIntegerTensorsUnchanged() {
    let x = Tensor([-2, 0, 3] as [Int32])
    for result in [floor(x), ceil(x), round(x)] {
      expectEqual(result, [-2, 0, 3], shape: [3], dtype: .int32)
    }
  }

  @Test func clipWithoutBoundsIsTheIdentity() {
    let x = Tensor([-1.5, 2.5] as [Double])
    expectClose(clip(x), [-1.5, 2.5], shape: [2], dtype: .float64)
  }
}
