import OlympusCore
import OlympusNN
import Testing

/// `MultiHeadAttention` and `TransformerBlock`: PyTorch's parameter names, the block against the
/// formula written out with dense attention (float64), causality, and misuse.
@Suite("Transformer layers")
struct TransformerTests {
  let block = TransformerBlock(embedDimension: 8, headCount: 2, hiddenDimension: 12, key: Random.key(5), dtype: .float64)

  @Test func parametersCarryPyTorchNames() {
    #expect(
      Set(block.namedParameters.map(\.path)) == [
        "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
        "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight",
        "norm2.bias",
      ])
  }

  /// The block's formula with the attention written out (softmax of masked scores): the same
  /// operations up to summation order, so float64 agrees to rounding of sums over at most 12
  /// terms of order 1; 1e-12 relative leaves margin.
  @Test func blockMatchesWrittenOutFormula() {
    let x = Random.normal(Random.key(6), shape: [3, 5, 8], dtype: .float64)
    let attention = block.selfAttention
    func heads(_ y: Tensor) -> Tensor { y.reshaped(to: [3, 5, 2, 4]).swappingAxes(1, 2) }
    let u = layerNorm(x, weight: block.norm1.weight, bias: block.norm1.bias)
    let qkv = matmul(u, attention.inputProjectionWeight.transposed()) + attention.inputProjectionBias
    let (q, k, v) = (heads(qkv[TensorIndex.ellipsis, 0..<8]), heads(qkv[TensorIndex.ellipsis, 8..<16]), heads(qkv[TensorIndex.ellipsis, 16..<24]))
    let causal = Tensor.arange(5).reshaped(to: [5, 1]) .>= Tensor.arange(5).reshaped(to: [1, 5])
    let scores = select(causal, matmul(q, k.swappingAxes(-1, -2)) / 2, -1e300)
    let attended = matmul(softmax(scores), v).swappingAxes(1, 2).reshaped(to: [3, 5, 8])
    let h = x + attention.outputProjection(attended)
    let hidden = gelu(block.linear1(layerNorm(h, weight: block.norm2.weight, bias: block.norm2.bias)), approximate: true)
    expectAgreementNN(block(x), h + block.linear2(hidden))
  }

  /// Causal self-attention: changing the last position changes no earlier output.
  @Test func laterPositionsDoNotLeakBackwards() {
    let x = Random.normal(Random.key(7), shape: [2, 6, 8], dtype: .float64)
    let changed = concatenated([x[0..., 0..<5], x[0..., 5...] + 1], axis: 1)
    expectAgreementNN(block(changed)[0..., 0..<5], block(x)[0..., 0..<5])
  }

  /// The tape's `backward()` and functional `grad` give the same float32 gradients of a causal
  /// block's loss (two key tiles, 70 positions): the same rules on the same values, so they differ
  /// at most by float32 rounding of differently ordered accumulations (1e-5 of the scale).
  @Test func tapeAndFunctionalGradientsAgree() {
    let model = TransformerBlock(embedDimension: 16, headCount: 2, key: Random.key(8))
    let x = Random.normal(Random.key(9), shape: [2, 70, 16])
    let w = Random.normal(Random.key(10), shape: [2, 70, 16])
    let functional = grad(of: { (m: TransformerBlock) in (m(x) * w).sum() })(model)
    let leaves = model.mapLeaves { $0.requiringGrad() }
    (leaves(x) * w).sum().backward()
    for ((path, tape), expected) in zip(leaves.namedParameters, functional.leaves) {
      let scale = Swift.max(1, abs(expected).max().item(as: Double.self))
      let difference = abs(tape.grad! - expected).max().item(as: Double.self)
      #expect(difference <= 1e-5 * scale, "\(path): \(difference)")
    }
  }

  @Test func rejectsWidthsThatHeadsDoNotDivide() {
    #expect(throws: OlympusError.self) {
      try withErrorChecking { _ = MultiHeadAttention(embedDimension: 6, headCount: 4, key: Random.key(1)) }
    }
    #expect(throws: OlympusError.self) {
      try withErrorChecking { block(Tensor.zeros([2, 3, 5], dtype: .float64)) }
    }
  }

  func expectAgreementNN(_ got: Tensor, _ want: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(got.shape == want.shape, sourceLocation: sourceLocation)
    let scale = Swift.max(1, abs(want).max().item(as: Double.self))
    #expect(abs(got - want).max().item(as: Double.self) <= 1e-12 * scale, sourceLocation: sourceLocation)
  }
}
