import OlympusKernels

/// Scaled dot-product attention of a batch of heads: `q[..., m, d]`, `k[..., n, d]`,
/// `v[..., n, e]` and, when `hasMask`, a boolean `mask[..., m, n]` (true = attend) with equal
/// leading dimensions give `softmax(scale·q·kᵀ)·v` `[..., m, e]` over the allowed keys, and the
/// softmax's log-sum-exp `[..., m]` (the residual of the backward pass).
///
/// Query `i` attends key `j` when the mask allows it and, if `isCausal`, when `j ≤ i` (top-left
/// aligned, PyTorch's `is_causal`). A query without any allowed key gives zeros and a log-sum-exp
/// of −∞. Evaluation and reverse mode are memory-efficient (tiles of keys with an online softmax,
/// probabilities recomputed from the log-sum-exp), never holding the `[m, n]` scores; forward mode
/// and derivatives of the backward pass are written with dense operations.
public struct ScaledDotProductAttention: Primitive {
  /// The factor of the scores, `1/√d` by default in `scaledDotProductAttention`.
  public let scale: Double
  /// Whether query `i` attends only keys `j ≤ i`.
  public let isCausal: Bool
  /// Whether a fourth input, the boolean mask, is given.
  public let hasMask: Bool

  /// The primitive with the given scale and masking.
  public init(scale: Double, isCausal: Bool, hasMask: Bool) {
    (self.scale, self.isCausal, self.hasMask) = (scale, isCausal, hasMask)
  }

  /// `scaled_dot_product_attention`, with its parameters.
  public var description: String { "scaled_dot_product_attention[scale: \(scale), causal: \(isCausal), mask: \(hasMask)]" }

  /// The output and the log-sum-exp.
  public var outputCount: Int { 2 }

  /// `[..., m, e]` and `[..., m]` of the operands' floating-point type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, hasMask ? 4 : 3)
    let (q, k, v) = (inputs[0], inputs[1], inputs[2])
    try expectAttentionOperands(self, q, k, v, mask: hasMask ? inputs[3] : nil)
    let batch = Array(q.shape.dropLast(2))
    let m = q.shape[q.rank - 2]
    return [
      TensorType(shape: batch + [m, v.shape[v.rank - 1]], dtype: q.dtype), TensorType(shape: batch + [m], dtype: q.dtype),
    ]
  }

  /// The tiled kernel, heads in parallel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let heads = AttentionHeads(inputs, scale: scale, isCausal: isCausal, hasMask: hasMask)
    let batch = Array(inputs[0].shape.dropLast(2))
    let dtype = inputs[0].dtype
    let shape = heads.shape
    var logSumExp: Tensor?
    let output = Tensor.make(TensorType(shape: batch + [shape.m, shape.e], dtype: dtype)) { output in
      logSumExp = Tensor.make(TensorType(shape: batch + [shape.m], dtype: dtype)) { lse in
        heads.withOperands { q, k, v, mask in
          Attention.forward(dtype.scalarType, shape, q: q, k: k, v: v, mask: mask, output: output, logSumExp: lse)
        }
      }
    }
    return [output, logSumExp!]
  }

  /// Dense: with `P` the probabilities and `Ṡ = scale·(q̇·kᵀ + q·k̇ᵀ)`, the log-sum-exp's tangent
  /// is `Σⱼ P·Ṡ` and the output's `(P∘(Ṡ − lse̊))·v + P·v̇`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let (q, k, v) = (primals[0], primals[1], primals[2])
    let allowed = attentionAllowed(q, k, isCausal: isCausal, mask: hasMask ? primals[3] : nil)
    let p = attentionProbabilities(q, k, scale: scale, allowed: allowed, logSumExp: outputs[1])
    var scoreTangent = addTangents(
      tangents[0].map { bind(MatMul(), $0, matrixTransposed(k)) }, tangents[1].map { bind(MatMul(), q, matrixTransposed($0)) }
    ).map { $0 * scale }
    if let allowed { scoreTangent = scoreTangent.map { select(allowed, $0, 0) } }
    let lseTangent = scoreTangent.map { (p * $0).sum(axes: [-1]) }
    let fromScores = scoreTangent.map { bind(MatMul(), p * ($0 - lseTangent!.expandingDimensions(at: -1)), v) }
    let fromValues = tangents[2].map { bind(MatMul(), p, $0) }
    return [addTangents(fromScores, fromValues), lseTangent]
  }

  /// The tiled backward pass (`ScaledDotProductAttentionBackward`), with
  /// `delta = Σ ct·output − ct_lse` over the features.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let outputCotangent = cotangents[0] ?? Tensor.zeros(like: outputs[0])
    var delta = (outputCotangent * outputs[0]).sum(axes: [-1])
    if let lseCotangent = cotangents[1] { delta = delta - lseCotangent }
    let backward = ScaledDotProductAttentionBackward(scale: scale, isCausal: isCausal, hasMask: hasMask)
    let operands = [primals[0], primals[1], primals[2], outputs[1], outputCotangent, delta] + (hasMask ? [primals[3]] : [])
    var gradients: [Tensor?] = bind(backward, operands).map { $0 }
    if hasMask { gradients.append(nil) }
    return gradients
  }

  /// One call for the whole batch, the batch axis first on every operand.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(self, batchAllFirst(inputs, axes)), [0, 0])
  }
}
