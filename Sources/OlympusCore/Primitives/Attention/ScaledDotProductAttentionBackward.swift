import OlympusKernels

/// The reverse pass of `ScaledDotProductAttention`: from `q`, `k`, `v`, the forward pass's
/// log-sum-exp `lse[..., m]`, the output's cotangent `dOut[..., m, e]`, `delta[..., m]`
/// (`Σ dOut·out` over the features minus the log-sum-exp's cotangent) and, when `hasMask`, the
/// mask, gives `dq`, `dk`, `dv`: with `P = exp(scale·q·kᵀ − lse)` over the allowed keys and
/// `dS = P∘(dOut·vᵀ − delta)`, `dq = scale·dS·k`, `dk = scale·dSᵀ·q`, `dv = Pᵀ·dOut`.
///
/// Evaluation recomputes `P` one tile of keys at a time; the primitive's own derivatives
/// (second-order attention) go through the same formulas written with dense operations.
public struct ScaledDotProductAttentionBackward: Primitive {
  /// The factor of the scores.
  public let scale: Double
  /// Whether query `i` attends only keys `j ≤ i`.
  public let isCausal: Bool
  /// Whether a seventh input, the boolean mask, is given.
  public let hasMask: Bool

  /// The primitive with the given scale and masking.
  public init(scale: Double, isCausal: Bool, hasMask: Bool) {
    (self.scale, self.isCausal, self.hasMask) = (scale, isCausal, hasMask)
  }

  /// `scaled_dot_product_attention_backward`, with its parameters.
  public var description: String {
    "scaled_dot_product_attention_backward[scale: \(scale), causal: \(isCausal), mask: \(hasMask)]"
  }

  /// `dq`, `dk`, `dv`.
  public var outputCount: Int { 3 }

  /// The types of `q`, `k`, `v`.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, hasMask ? 7 : 6)
    let (q, k, v) = (inputs[0], inputs[1], inputs[2])
    try expectAttentionOperands(self, q, k, v, mask: hasMask ? inputs[6] : nil)
    let rows = TensorType(shape: Array(q.shape.dropLast()), dtype: q.dtype)
    let output = TensorType(shape: rows.shape + [v.shape[v.rank - 1]], dtype: q.dtype)
    guard inputs[3] == rows, inputs[4] == output, inputs[5] == rows else {
      throw OlympusError(
        description, "log-sum-exp \(inputs[3]), output cotangent \(inputs[4]) and delta \(inputs[5]) must be \(rows), \(output) and \(rows)")
    }
    return [q, k, v]
  }

  /// The tiled kernel, heads in parallel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let heads = AttentionHeads(inputs, scale: scale, isCausal: isCausal, hasMask: hasMask, maskIndex: 6)
    let dtype = inputs[0].dtype
    let (lse, delta) = (inputs[3].contiguous(), inputs[5].contiguous())
    let dOutput = AttentionRows(inputs[4])
    var dk: Tensor?
    var dv: Tensor?
    let dq = Tensor.make(inputs[0].type) { dq in
      dk = Tensor.make(inputs[1].type) { dk in
        dv = Tensor.make(inputs[2].type) { dv in
          heads.withOperands { q, k, v, mask in
            withExtendedLifetime((lse, delta, dOutput)) {
              Attention.backward(
                dtype.scalarType, heads.shape, q: q, k: k, v: v, mask: mask, logSumExp: lse.baseAddress,
                dOutput: dOutput.operand, delta: delta.baseAddress, dq: dq, dk: dk, dv: dv)
            }
          }
        }
      }
    }
    return [dq, dk!, dv!]
  }

  /// Forward mode through the dense formulas.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let dense = zip(tangents, primals).map { tangentOrZero($0, like: $1) }
    return forwardFlat(description, at: primals, along: dense, denseFormulas).tangents
  }

  /// Reverse mode through the dense formulas.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let gradients = reverseFlat(description, at: primals, denseFormulas).pullback(cotangents)
    return gradients.enumerated().map { index, gradient -> Tensor? in hasMask && index == 6 ? nil : gradient }
  }

  /// One call for the whole batch, the batch axis first on every operand.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(self, batchAllFirst(inputs, axes)), [0, 0, 0])
  }

  /// `dq`, `dk`, `dv` written with dense operations.
  private func denseFormulas(_ inputs: [Tensor]) -> [Tensor] {
    let (q, k, v, lse, dOutput, delta) = (inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5])
    let allowed = attentionAllowed(q, k, isCausal: isCausal, mask: hasMask ? inputs[6] : nil)
    let p = attentionProbabilities(q, k, scale: scale, allowed: allowed, logSumExp: lse)
    let ds = p * (matmul(dOutput, matrixTransposed(v)) - delta.expandingDimensions(at: -1)) * scale
    return [matmul(ds, k), matmul(matrixTransposed(ds), q), matmul(matrixTransposed(p), dOutput)]
  }
}

extension ScaledDotProductAttentionBackward {
  /// The rules do not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
