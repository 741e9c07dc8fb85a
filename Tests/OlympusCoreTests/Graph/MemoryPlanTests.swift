import OlympusCore
import Synchronization
import Testing

/// The compiled executor's memory plan: intermediates dropped at their last use, dead buffers and
/// donated inputs reused in place. A probe (a custom function, which the executor evaluates as is)
/// counts the tensor buffers alive at its point of the graph. Buffers are counted in a child
/// process, where no other test allocates meanwhile (nor switches the kernels' `SIMDPaths`).
@Suite("Memory planning")
struct MemoryPlanTests {
  /// Live buffers seen by the latest probe.
  static let seen = Atomic<Int>(0)

  /// The identity, recording how many buffers are alive when it runs.
  static func probe(_ inputs: [Tensor]) -> [Tensor] {
    customVJP(named: "probe", { inputs in
      seen.store(MemoryStatistics.liveBufferCount, ordering: .relaxed)
      return inputs
    }, backward: { _, _, cotangents in cotangents })(inputs)
  }

  /// Buffers alive at the probe while `run` runs, beyond those alive before.
  static func buffersAtProbe(_ run: () -> [Tensor]) -> Int {
    let before = MemoryStatistics.liveBufferCount
    let results = run()
    return withExtendedLifetime(results) { seen.load(ordering: .relaxed) - before }
  }

  /// `tanh(x) * 2 + 1` (one cluster), then the probe.
  static func elementwise(_ x: [Tensor]) -> [Tensor] { probe([tanh(x[0]) * 2 + 1]) }

  static func input() -> Tensor { Random.uniform(Random.key(2), shape: [256, 256], minimum: -2, maximum: 2) }

  @Test func intermediatesAreDroppedAtTheirLastUse() async {
    await #expect(processExitsWith: .success) {
      // Six matrix products (not fused), each read only by the next.
      let chain = { (x: [Tensor]) -> [Tensor] in
        var y = x[0]
        for _ in 0..<6 { y = matmul(y, x[0]) }
        return MemoryPlanTests.probe([y])
      }
      let x = Random.uniform(Random.key(1), shape: [32, 32], dtype: .float64)
      let graph = makeGraph(of: chain, for: [x.type])
      let compiled = graph.compiled()
      let replayed = MemoryPlanTests.buffersAtProbe { graph([x]) }
      let planned = MemoryPlanTests.buffersAtProbe { compiled([x]) }
      // Replay keeps the six products; the plan keeps the last one.
      precondition(replayed == 6 && planned == 1, "replayed \(replayed), planned \(planned)")
      precondition(compiled([x])[0].scalars(as: Double.self) == chain([x])[0].scalars(as: Double.self))
    }
  }

  @Test func donatedInputsAreReusedWhenTheCallerGaveThemUp() async {
    await #expect(processExitsWith: .success) {
      let graph = makeGraph(of: MemoryPlanTests.elementwise, for: [MemoryPlanTests.input().type])
      let expected = MemoryPlanTests.elementwise([MemoryPlanTests.input()])[0].scalars(as: Float.self)
      // Without donation the input and the result are both alive at the probe.
      let kept = MemoryPlanTests.buffersAtProbe { graph.compiled()([MemoryPlanTests.input()]) }
      // With donation the result is written over the input.
      var result: [Tensor] = []
      let donated = MemoryPlanTests.buffersAtProbe {
        result = graph.compiled(donating: [0])([MemoryPlanTests.input()])
        return result
      }
      precondition(kept == 2 && donated == 1, "kept \(kept), donated \(donated)")
      precondition(result[0].scalars(as: Float.self) == expected)
    }
  }

  @Test func donatedInputsStillReferencedAreNotOverwritten() async {
    await #expect(processExitsWith: .success) {
      let graph = makeGraph(of: MemoryPlanTests.elementwise, for: [MemoryPlanTests.input().type])
      let x = MemoryPlanTests.input()
      let before = x.scalars(as: Float.self)
      let result = graph.compiled(donating: [0])([x])[0]
      precondition(x.scalars(as: Float.self) == before)
      precondition(result.scalars(as: Float.self) == MemoryPlanTests.elementwise([x])[0].scalars(as: Float.self))
    }
  }

  @Test func deadIntermediatesAreReusedInPlace() async {
    await #expect(processExitsWith: .success) {
      // The matrix product's result dies in the second cluster, which writes over it.
      let f = { (x: [Tensor]) -> [Tensor] in MemoryPlanTests.probe([tanh(matmul(exp(x[0]), x[0])) * 2]) }
      let x = Random.uniform(Random.key(3), shape: [64, 64], dtype: .float64)
      let graph = makeGraph(of: f, for: [x.type])
      // Only the result is new: exp(x) died in the product, the product in the second cluster.
      let live = MemoryPlanTests.buffersAtProbe { graph.compiled()([x]) }
      precondition(live == 1, "live \(live)")
      precondition(graph.compiled()([x])[0].scalars(as: Double.self) == f([x])[0].scalars(as: Double.self))
    }
  }
}
