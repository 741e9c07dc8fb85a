import OlympusCore
import Testing

/// Reductions (sum … logSumExp, argmax, cumsum, all, any) against NumPy: axes lists with negative
/// and non-adjacent axes, keepDims, 0-d, zero-size, non-contiguous and long inputs.
@Suite struct ReductionTests {
  /// A reduction over the case's `axes` (nil: all) with `keepDims`.
  static func reduction(_ function: @escaping @Sendable (Tensor, [Int]?, Bool) -> Tensor) -> FixtureOperation {
    { [function(try $0.input(0), try $0.optionalInts("axes"), try $0.flag("keepDims"))] }
  }

  /// A reduction that also takes the case's `correction` (NumPy's ddof).
  static func spread(_ function: @escaping @Sendable (Tensor, [Int]?, Bool, Int) -> Tensor) -> FixtureOperation {
    { fixture in
      [
        function(
          try fixture.input(0), try fixture.optionalInts("axes"), try fixture.flag("keepDims"),
          try fixture.optionalInt("correction") ?? 0)
      ]
    }
  }

  static let operations: [String: FixtureOperation] = [
    "sum": reduction { $0.sum(axes: $1, keepDims: $2) },
    "mean": reduction { $0.mean(axes: $1, keepDims: $2) },
    "prod": reduction { $0.prod(axes: $1, keepDims: $2) },
    "max": reduction { $0.max(axes: $1, keepDims: $2) },
    "min": reduction { $0.min(axes: $1, keepDims: $2) },
    "logSumExp": reduction { $0.logSumExp(axes: $1, keepDims: $2) },
    "all": reduction { $0.all(axes: $1, keepDims: $2) },
    "any": reduction { $0.any(axes: $1, keepDims: $2) },
    "variance": spread { $0.variance(axes: $1, keepDims: $2, correction: $3) },
    "std": spread { $0.std(axes: $1, keepDims: $2, correction: $3) },
    "argmax": { [try $0.input(0).argmax(axis: try $0.optionalInt("axis"), keepDims: try $0.flag("keepDims"))] },
    "argmin": { [try $0.input(0).argmin(axis: try $0.optionalInt("axis"), keepDims: try $0.flag("keepDims"))] },
    "cumsum": { [try $0.input(0).cumsum(axis: try $0.optionalInt("axis"))] },
  ]

  @Test(arguments: try Fixtures.cases("reductions"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("reductions", Self.operations)
  }

  /// Long sums whose partial sums are all exactly representable must be exact in any order:
  /// catches dropped or doubled blocks in parallel or vectorized paths (odd lengths leave tails).
  @Test(arguments: [1, 17, 4099, 3_000_001])
  func longSumsOfExactlyRepresentableValuesAreExact(count: Int) {
    let halves = Tensor.full([count], value: 0.5, dtype: .float32)
    #expect(halves.sum().item(as: Double.self) == Double(count) / 2)
    let indices = Tensor.arange(count).astype(.float64)
    #expect(indices.sum().item(as: Double.self) == Double(count) * Double(count - 1) / 2)
    #expect(Tensor.arange(count).sum().item(as: Int.self) == count * (count - 1) / 2)
    #expect(indices.max().item(as: Double.self) == Double(count - 1))
    #expect(indices.argmax().item(as: Int.self) == count - 1)
  }

  @Test func reductionOfABroadcastTensorReadsEveryRepeat() {
    let row = Tensor([1, 2, 3] as [Float])
    let tiled = row.broadcast(to: [4, 3])
    expectClose(tiled.sum(axes: [0]), [4, 8, 12], shape: [3])
    expectClose(tiled.mean(axes: [1]), [2, 2, 2, 2], shape: [4])
  }
}
