import OlympusCore
import Synchronization
import Testing

/// Staging into graphs and `jit`'s cache.
@Suite("Staging and jit")
struct StagingTests {
  /// The same primitives on the same values in the same order: results are identical.
  func expectEqual(_ a: Tensor, _ b: Tensor) {
    #expect(a.shape == b.shape)
    #expect(a.scalars(as: Double.self) == b.scalars(as: Double.self))
  }

  let f = { (x: Tensor) in (sin(x) * exp(x * 0.5)).sum() + x.logSumExp() }
  let point = Tensor([0.3, -1.2, 0.8])

  @Test func graphPrintsTypeChecksAndRunsLikeTheFunction() {
    let graph = makeGraph(of: { [sin($0[0]) * $0[0]] }, for: [TensorType(shape: [3], dtype: .float64)])
    #expect(graph.typeCheckFailure() == nil)
    #expect(graph.equations.map(\.primitive.description) == ["sin", "mul"])
    #expect(graph.description.contains("v1:float64[3] = sin v0"))
    expectEqual(graph([point])[0], sin(point) * point)
  }

  @Test func deadCodeIsRemoved() {
    let graph = makeGraph(
      of: { x in
        _ = exp(x[0])  // unused
        return [x[0] + 1]
      }, for: [TensorType(shape: [3], dtype: .float64)])
    #expect(graph.equations.count == 2)
    let pruned = graph.removingDeadCode()
    #expect(pruned.equations.map(\.primitive.description) == ["add"])
    #expect(pruned.typeCheckFailure() == nil)
    expectEqual(pruned([point])[0], point + 1)
  }

  @Test func algebraicIdentitiesAreApplied() {
    let type = TensorType(shape: [2, 3], dtype: .float64)
    // Ones held in memory element by element: the `*` operator itself skips a product with a
    // scalar or broadcast one, so this product reaches the graph and the pass.
    let ones = Tensor([1.0, 1, 1, 1, 1, 1], shape: [2, 3])
    let graph = makeGraph(
      of: { x in [(x[0] * ones + 0).transposed().transposed().reshaped(to: [3, 2]).reshaped(to: [6])] }, for: [type])
    // The constant 0 is broadcast while staging (concrete work runs eagerly), so six equations
    // remain: mul, add, two transposes, two reshapes.
    #expect(graph.equations.count == 6)
    #expect(makeGraph(of: { [$0[0] * 1] }, for: [type]).equations.isEmpty, "x * 1 is x before any pass")
    let simple = graph.simplified()
    #expect(simple.equations.map(\.primitive.description) == ["reshape[6]"], "\(simple)")
    #expect(simple.typeCheckFailure() == nil)
    let x = Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
    expectEqual(simple([x])[0], x.reshaped(to: [6]))
    // Not an identity: x * 2 stays.
    #expect(makeGraph(of: { [$0[0] * 2] }, for: [type]).simplified().equations.map(\.primitive.description) == ["mul"])
  }

  @Test func transposesBetweenUnitAxisReshapesBecomeOneTranspose() {
    let type = TensorType(shape: [2, 3], dtype: .float64)
    let moved = makeGraph(of: { x in [x[0].reshaped(to: [2, 3, 1]).transposed([1, 0, 2]).reshaped(to: [3, 2])] }, for: [type])
    #expect(moved.simplified().equations.map(\.primitive.description) == ["transpose[1,0]"], "\(moved.simplified())")
    let x = Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
    expectEqual(moved.simplified()([x])[0], x.transposed())
    // Only a size-1 axis moves: nothing is left.
    let kept = makeGraph(of: { x in [x[0].reshaped(to: [1, 2, 3]).transposed([1, 0, 2]).reshaped(to: [2, 3])] }, for: [type])
    #expect(kept.simplified().equations.isEmpty, "\(kept.simplified())")
    expectEqual(kept.simplified()([x])[0], x)
    // A reshape that merges axes is not a size-1 change: the chain stays.
    let merged = makeGraph(of: { x in [x[0].transposed().reshaped(to: [6])] }, for: [type])
    #expect(merged.simplified().equations.count == 2)
  }

  @Test func commonSubexpressionsAreMerged() {
    let graph = makeGraph(of: { x in [sin(x[0]) * sin(x[0]) + sin(x[0])] }, for: [TensorType(shape: [3], dtype: .float64)])
    #expect(graph.equations.map(\.primitive.description) == ["sin", "sin", "mul", "sin", "add"])
    let merged = graph.eliminatingCommonSubexpressions()
    #expect(merged.equations.map(\.primitive.description) == ["sin", "mul", "add"])
    #expect(merged.typeCheckFailure() == nil)
    expectEqual(merged([point])[0], sin(point) * sin(point) + sin(point))
  }

  /// In a child process, whose standard output the test reads.
  @Test func recompilesAreExplainedByArgument() async throws {
    let result = try await #require(
      processExitsWith: .success, observing: [\.standardOutputContent]
    ) {
      JITSettings.explainRecompiles = true
      let g = jit { (x: Tensor) in x * 2 }
      _ = g(Tensor([1.0, 2.0, 3.0]))
      _ = g(Tensor([1.0, 2.0, 3.0, 4.0]))
    }
    let output = String(decoding: result.standardOutputContent, as: UTF8.self)
    #expect(output.contains("jit: staging again: argument 0 was float64[3], is now float64[4]"), "\(output)")
  }

  @Test func jitStagesOncePerInputTypes() {
    let traces = Atomic<Int>(0)
    let g = jit { (x: Tensor) -> Tensor in
      traces.add(1, ordering: .relaxed)
      return sin(x) * 2
    }
    expectEqual(g(point), sin(point) * 2)
    expectEqual(g(point * 3), sin(point * 3) * 2)
    #expect(traces.load(ordering: .relaxed) == 1)
    _ = g(Tensor([1.0, 2.0]))
    #expect(traces.load(ordering: .relaxed) == 2)
  }

  @Test func jitComposesWithTheOtherTransformations() {
    let staged = jit(f)
    expectEqual(staged(point), f(point))
    expectEqual(grad(of: staged)(point), grad(of: f)(point))
    expectEqual(jit(grad(of: f))(point), grad(of: f)(point))
    let v = Tensor([1.0, 0, -1])
    expectEqual(jvp(at: point, along: v, of: staged).tangent, jvp(at: point, along: v, of: f).tangent)
    let batch = Tensor([0.3, -1.2, 0.8, 0.1, 0.2, 0.3], shape: [2, 3])
    expectEqual(vmap(of: staged)(batch), vmap(of: f)(batch))
  }

  @Test func readingAStagedValueIsRejected() {
    #expect(throws: OlympusError.self) {
      try withErrorChecking { _ = jit { (x: Tensor) in x * x.sum().item(as: Double.self) }(Tensor([1.0, 2.0])) }
    }
  }
}
