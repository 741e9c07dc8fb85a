import OlympusCore
import Testing

/// Shape operations against NumPy: reshape (with -1), transpose, expand/squeeze, broadcast,
/// concatenate, stack, split, pad, flip.
@Suite struct ShapeTests {
  static let operations: [String: FixtureOperation] = [
    "reshaped": { [try $0.input(0).reshaped(to: try $0.ints("shape"))] },
    "flattened": { [try $0.input(0).flattened()] },
    "transposed": { [try $0.input(0).transposed(try $0.optionalInts("permutation"))] },
    "swappingAxes": { [try $0.input(0).swappingAxes(try $0.int("first"), try $0.int("second"))] },
    "expandingDimensions": { [try $0.input(0).expandingDimensions(at: try $0.int("axis"))] },
    "squeezed": { [try $0.input(0).squeezed(axes: try $0.optionalInts("axes"))] },
    "broadcast": { [try $0.input(0).broadcast(to: try $0.ints("shape"))] },
    "concatenated": { [concatenated(try $0.allInputs(), axis: try $0.int("axis"))] },
    "stacked": { [stacked(try $0.allInputs(), axis: try $0.int("axis"))] },
    "splitInto": { try $0.input(0).split(into: try $0.int("count"), axis: try $0.int("axis")) },
    "splitSizes": { try $0.input(0).split(sizes: try $0.ints("sizes"), axis: try $0.int("axis")) },
    "padded": { fixture in
      let pairs = try fixture.args["padding"]?.array().map { try $0.ints() } ?? []
      let padding = pairs.map { (before: $0[0], after: $0[1]) }
      return [try fixture.input(0).padded(padding, value: try fixture.double("value"))]
    },
    "flipped": { [try $0.input(0).flipped(axes: try $0.optionalInts("axes"))] },
  ]

  @Test(arguments: try Fixtures.cases("shapes"))
  func matchesNumPy(_ fixture: FixtureCase) throws {
    try fixture.check(Self.operations)
  }

  @Test func fixturesCoverEveryOperation() throws {
    try Fixtures.expectCoverage("shapes", Self.operations)
  }

  @Test func reshapingTwiceRoundTrips() {
    let x = Tensor((0..<24).map { Float($0) }, shape: [2, 3, 4])
    let back = x.transposed([2, 0, 1]).reshaped(to: [4, -1]).reshaped(to: [4, 2, 3]).transposed([1, 2, 0])
    expectClose(back, (0..<24).map { Double($0) }, shape: [2, 3, 4])
  }

  @Test func splitPartsConcatenateBackToTheOriginal() {
    let x = Tensor((0..<30).map { Double($0) }, shape: [5, 6])
    let parts = x.split(sizes: [1, 0, 3, 2], axis: 1)
    #expect(parts.map(\.shape) == [[5, 1], [5, 0], [5, 3], [5, 2]])
    expectClose(concatenated(parts, axis: 1), (0..<30).map { Double($0) }, shape: [5, 6], dtype: .float64)
  }

  /// The parts are views of one primitive, and the gradient through them is one concatenation of
  /// their cotangents (zeros for an unused part), with no padded copies to add up.
  @Test func splitIsOnePrimitiveWhoseGradientIsOneConcatenation() {
    let x = Tensor((0..<24).map { Double($0) }, shape: [4, 6])
    let loss = { (x: Tensor) -> Tensor in
      let parts = x.split(into: 3, axis: 1)
      return (parts[0] * parts[2]).sum() + parts[2].sum()
    }
    let graph = makeGraph(of: { [grad(of: loss)($0[0])] }, for: [x.type]).description
    #expect(graph.components(separatedBy: "split[").count == 2, "\(graph)")
    #expect(graph.components(separatedBy: "concatenate[").count == 2, "\(graph)")
    #expect(!graph.contains("pad["), "\(graph)")
    // d/dx of Σ a·c + Σ c: c for part a, 0 for part b, a + 1 for part c (exact in float64).
    let gradient = grad(of: loss)(x)
    let expected = (0..<4).flatMap { row -> [Double] in
      let a = [0.0, 1].map { Double(row * 6) + $0 }
      let c = [4.0, 5].map { Double(row * 6) + $0 }
      return c + [0, 0] + a.map { $0 + 1 }
    }
    expectClose(gradient, expected, shape: [4, 6], dtype: .float64)
  }
}
