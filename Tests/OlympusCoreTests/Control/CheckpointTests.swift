import OlympusCore
import Testing

/// `checkpoint`: same values and derivatives, fewer buffers kept for the backward pass.
@Suite("checkpoint")
struct CheckpointTests {
  /// A chain of elementwise operations (without constants, which a staged graph would hold).
  static func chain(_ x: Tensor) -> Tensor {
    var y = x
    for _ in 0..<8 { y = sin(y) * y + y }
    return y
  }

  let x = Tensor([0.3, -1.2, 0.8])

  @Test func valuesAndDerivativesAreUnchanged() throws {
    let block = checkpoint(Self.chain)
    expectAgreement(block(x), Self.chain(x), tolerance: 0)
    // The backward pass recomputes the same forward operations, so gradients agree to the last
    // bit up to cotangent accumulation order.
    expectAgreement(grad(of: { block($0).sum() })(x), grad(of: { Self.chain($0).sum() })(x), tolerance: 1e-12)
    // The 8-step chain grows too fast for finite differences; a short block checks the rules.
    try checkGrads(of: checkpoint { tanh(sin($0) * $0 + $0) }, at: x, order: 2)
    // Captured values are differentiated too.
    let w = Tensor([2.0, 1.0, -1.0])
    let gradient = grad(of: { (w: Tensor) in checkpoint { sin($0 * w) }(x).sum() })(w)
    expectAgreement(gradient, cos(x * w) * x, tolerance: 1e-15)
    let batch = stacked([x, x * 2])
    expectAgreement(vmap(of: block)(batch), stacked([Self.chain(x), Self.chain(x * 2)]), tolerance: 0)
  }

  @Test func stagesOneEquation() {
    let graph = makeGraph(of: { [checkpoint(Self.chain)($0[0]) * 2] }, for: [x.type])
    #expect(graph.equations.first?.primitive is Checkpoint, "\(graph)")
    #expect(graph.equations.count == 2)
  }

  /// Live buffers are counted in a child process, where no other test allocates meanwhile; it
  /// prints how many buffers the forward pass leaves for the backward pass.
  @Test func keepsOnlyTheInputsForTheBackwardPass() async throws {
    let result = try await #require(processExitsWith: .success, observing: [\.standardOutputContent]) {
      let x = Tensor.ones([1 << 16], dtype: .float32)
      func buffersHeld(_ f: @escaping (Tensor) -> Tensor) -> Int {
        let before = MemoryStatistics.liveBufferCount
        let (_, pullback) = vjp(at: x, of: f)
        let held = MemoryStatistics.liveBufferCount - before
        _ = pullback(Tensor.ones([1 << 16], dtype: .float32))
        return held
      }
      print("held \(buffersHeld(CheckpointTests.chain)) \(buffersHeld(checkpoint(CheckpointTests.chain)))")
    }
    let output = String(decoding: result.standardOutputContent, as: UTF8.self)
    let line = output.split(separator: "\n").last { $0.hasPrefix("held") }
    let counts = line?.split(separator: " ").dropFirst().compactMap { Int($0) }
    let held = try #require(counts, "\(output)")
    // Plain: the 8 steps' sines, products and sums (24 large buffers) are kept; checkpointed: the
    // output only, whatever the length of the chain.
    #expect(held[0] >= 24, "plain \(held[0])")
    #expect(held[1] <= 2, "checkpointed \(held[1])")
  }
}
