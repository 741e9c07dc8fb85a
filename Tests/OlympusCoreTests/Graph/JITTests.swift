import OlympusCore
import Synchronization
import Testing

/// `jit`'s cache (what stages anew and what does not), static arguments, trees and the message for
/// reading a staged value.
@Suite("jit API")
struct JITTests {
  /// The same primitives on the same values in the same order: identical results.
  func expectEqual(_ a: Tensor, _ b: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == b.shape, sourceLocation: sourceLocation)
    #expect(a.scalars(as: Double.self) == b.scalars(as: Double.self), sourceLocation: sourceLocation)
  }

  /// Counts how often a function is staged (its body runs once per staging).
  final class Stagings: Sendable {
    private let count = Atomic<Int>(0)
    func record() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
  }

  struct Layer: TensorTree {
    var weight: Tensor
    var bias: Tensor
    var activated = true
  }

  let x = Tensor([0.3, -1.2, 0.8])

  @Test func staticTensorArgumentsAreConcreteAndKeyTheCache() {
    let stagings = Stagings()
    let power = jit(staticArguments: [1]) { (inputs: [Tensor]) -> [Tensor] in
      stagings.record()
      let exponent = inputs[1].item(as: Int.self)  // readable: static arguments are concrete
      return [(0..<exponent).reduce(Tensor.ones(like: inputs[0])) { product, _ in product * inputs[0] }]
    }
    expectEqual(power([x, Tensor(3)])[0], x * x * x)
    expectEqual(power([x * 2, Tensor(3)])[0], (x * 2) * (x * 2) * (x * 2))
    #expect(stagings.value == 1)
    expectEqual(power([x, Tensor(2)])[0], x * x)
    #expect(stagings.value == 2)
    expectEqual(power([x, Tensor(3)])[0], x * x * x)
    #expect(stagings.value == 2, "exponent 3 is still cached")
    // A static argument of another type is another key, even with equal values.
    _ = power([x, Tensor([3] as [Int32])])
    #expect(stagings.value == 3)
  }

  @Test func theCacheKeepsTheMostRecentStagings() {
    let stagings = Stagings()
    let scaled = jit { (x: Tensor, factor: Int) -> Tensor in
      stagings.record()
      return x * Double(factor)
    }
    for factor in 0...64 { _ = scaled(x, factor) }
    #expect(stagings.value == 65)
    _ = scaled(x, 64)
    #expect(stagings.value == 65, "the newest staging is kept")
    expectEqual(scaled(x, 0), x * 0)
    #expect(stagings.value == 66, "the oldest of 65 stagings was dropped (64 are kept)")
  }

  @Test func hashableStaticArgumentsKeyTheCache() {
    let stagings = Stagings()
    let scaled = jit { (x: Tensor, mode: String) -> Tensor in
      stagings.record()
      return mode == "double" ? x * 2 : x * 3
    }
    expectEqual(scaled(x, "double"), x * 2)
    expectEqual(scaled(x, "triple"), x * 3)
    expectEqual(scaled(x + 1, "double"), (x + 1) * 2)
    #expect(stagings.value == 2)
  }

  @Test func treesStageByLeafTypesAndPlainValues() {
    let stagings = Stagings()
    let apply = jit { (layer: Layer, input: Tensor) -> Tensor in
      stagings.record()
      let linear = matmul(input, layer.weight) + layer.bias
      return layer.activated ? tanh(linear) : linear
    }
    let layer = Layer(weight: Tensor([1.0, -2.0, 0.5, 1.0, 0.0, 3.0], shape: [3, 2]), bias: Tensor([0.1, -0.2]))
    let input = Tensor([1.0, 2.0, -1.0, 0.5, 0.5, 0.5], shape: [2, 3])
    let linear = matmul(input, layer.weight) + layer.bias
    expectEqual(apply(layer, input), tanh(linear))
    var other = layer
    other.weight = layer.weight * 2
    expectEqual(apply(other, input), tanh(matmul(input, other.weight) + layer.bias))
    #expect(stagings.value == 1)
    var plain = layer
    plain.activated = false
    expectEqual(apply(plain, input), linear)
    #expect(stagings.value == 2, "a plain value of the tree is static")
    _ = apply(layer, Tensor.ones([4, 3], dtype: .float64))
    #expect(stagings.value == 3)
  }

  @Test func treeResultsKeepTheirStructureAndPlainValues() {
    struct Counter: TensorTree {
      var total: Tensor
      var steps: Int
    }
    let stagings = Stagings()
    let advance = jit(donating: [0]) { (counter: Counter, increment: Tensor) -> (Counter, Tensor) in
      stagings.record()
      return (Counter(total: counter.total + increment, steps: counter.steps + 1), increment.sum())
    }
    var counter = Counter(total: Tensor([0.0, 0.0]), steps: 0)
    for step in 1...3 {
      let (next, sum) = advance(counter, Tensor([1.0, Double(step)]))
      counter = next
      #expect(sum.item(as: Double.self) == 1 + Double(step))
    }
    #expect(counter.steps == 3)
    #expect(counter.total.scalars(as: Double.self) == [3, 6])
    // `steps` is a plain value, so each new count is a new staging.
    #expect(stagings.value == 3)
    let (again, _) = advance(Counter(total: Tensor([5.0, 5.0]), steps: 0), Tensor([1.0, 1.0]))
    #expect(again.total.scalars(as: Double.self) == [6, 6] && again.steps == 1)
    #expect(stagings.value == 3, "steps 0 is cached")
  }

  @Test func threeTreeResults() {
    let split = jit { (a: [Tensor], b: Tensor) -> ([Tensor], Tensor, Tensor) in (a.map { $0 * b }, b.sum(), -b) }
    let (products, total, negated) = split([x, x * 2], Tensor([1.0, 2.0, 3.0]))
    expectEqual(products[1], x * 2 * Tensor([1.0, 2.0, 3.0]))
    #expect(total.item(as: Double.self) == 6)
    expectEqual(negated, Tensor([-1.0, -2.0, -3.0]))
  }

  @Test func readingAStagedValueNamesItAndSuggestsAlternatives() {
    do {
      try withErrorChecking { _ = jit { (x: Tensor) in x * x.sum().item(as: Double.self) }(Tensor([1.0, 2.0])) }
      Issue.record("reading a staged value was accepted")
    } catch {
      #expect(
        "\(error)"
          == "item(as:): cannot read the value of a float64[] tensor (the result of reduce_sum[0]) while jit stages "
          + "the function: the value exists only when the staged graph runs; use cond(_:_:_:) or select(_:_:_:) "
          + "for a data-dependent choice, or make the value a static argument (jit(staticArguments:))")
    }
    #expect(throws: OlympusError("scalars(as:)", "cannot read the value of a float64[2] tensor (an input of the staged function) while jit stages the function: the value exists only when the staged graph runs; use cond(_:_:_:) or select(_:_:_:) for a data-dependent choice, or make the value a static argument (jit(staticArguments:))")) {
      try withErrorChecking { _ = jit { (x: Tensor) in Tensor(x.scalars(as: Double.self)) }(Tensor([1.0, 2.0])) }
    }
  }

  /// In a child process, whose standard output the test reads.
  @Test func restagingIsExplainedByPathAndValue() async throws {
    let result = try await #require(processExitsWith: .success, observing: [\.standardOutputContent]) {
      JITSettings.explainRecompiles = true
      let apply = jit { (layer: Layer, input: Tensor) in matmul(input, layer.weight) + layer.bias }
      let layer = Layer(weight: Tensor.ones([3, 2], dtype: .float64), bias: Tensor.zeros([2], dtype: .float64))
      _ = apply(layer, Tensor.ones([1, 3], dtype: .float64))
      var plain = layer
      plain.activated = false
      _ = apply(plain, Tensor.ones([1, 3], dtype: .float64))
      _ = apply(plain, Tensor.ones([4, 3], dtype: .float64))
      let power = jit(staticArguments: [1]) { (inputs: [Tensor]) in [inputs[0] * inputs[1]] }
      _ = power([Tensor(1.0), Tensor(2.0)])
      _ = power([Tensor(1.0), Tensor(3.0)])
      let first = jit { (xs: [Tensor]) in xs[0] }
      _ = first([Tensor(1.0)])
      _ = first([Tensor(1.0), Tensor(2.0)])
    }
    let output = String(decoding: result.standardOutputContent, as: UTF8.self)
    #expect(output.contains("jit: staging again: argument 0 (activated) was true, is now false"), "\(output)")
    #expect(output.contains("jit: staging again: argument 1 was float64[1,3], is now float64[4,3]"), "\(output)")
    #expect(output.contains("jit: staging again: argument 1 was float64[](2.0), is now float64[](3.0)"), "\(output)")
    #expect(
      output.contains(
        "jit: staging again: argument 0 has another structure: was [1-element array, float64[]], "
          + "is now [2-element array, float64[], float64[]]"), "\(output)")
  }
}
