import OlympusKernels

/// Checks the operands of the attention primitives: floating-point `q[..., m, d]`, `k[..., n, d]`,
/// `v[..., n, e]` of one type with equal leading dimensions, and a boolean `mask[..., m, n]`.
func expectAttentionOperands(
  _ primitive: some Primitive, _ q: TensorType, _ k: TensorType, _ v: TensorType, mask: TensorType?
) throws(OlympusError) {
  guard q.rank >= 2, q.rank == k.rank, q.rank == v.rank, q.dtype.isFloatingPoint, q.dtype == k.dtype,
    q.dtype == v.dtype, q.shape.dropLast(2) == k.shape.dropLast(2), q.shape.dropLast(2) == v.shape.dropLast(2),
    q.shape[q.rank - 1] == k.shape[k.rank - 1], k.shape[k.rank - 2] == v.shape[v.rank - 2]
  else {
    throw OlympusError(
      primitive.description, "query \(q), key \(k) and value \(v) do not have the form [..., m, d], [..., n, d], [..., n, e] of one floating-point type")
  }
  if let mask {
    let expected = Array(q.shape.dropLast()) + [k.shape[k.rank - 2]]
    guard mask.dtype == .bool, mask.shape == expected else {
      throw OlympusError(primitive.description, "mask \(mask) is not bool\(expected) for query \(q) and key \(k)")
    }
  }
}

/// Which (query, key) pairs attend, `[m, n]` or `[..., m, n]` boolean; `nil` when all do.
func attentionAllowed(_ q: Tensor, _ k: Tensor, isCausal: Bool, mask: Tensor?) -> Tensor? {
  guard isCausal else { return mask }
  let (m, n) = (q.shape[q.rank - 2], k.shape[k.rank - 2])
  let causal = Tensor.arange(m).reshaped(to: [m, 1]) .>= Tensor.arange(n).reshaped(to: [1, n])
  return mask.map { $0 .& causal } ?? causal
}

/// The attention probabilities `exp(scale·q·kᵀ − lse)` over the allowed pairs, 0 elsewhere, from
/// the log-sum-exp of the forward pass (a query without allowed keys, lse = −∞, gets zeros),
/// written with dense operations.
func attentionProbabilities(_ q: Tensor, _ k: Tensor, scale: Double, allowed: Tensor?, logSumExp: Tensor) -> Tensor {
  let scores = matmul(q, matrixTransposed(k)) * scale
  guard let allowed else { return exp(scores - logSumExp.expandingDimensions(at: -1)) }
  let finite = select(logSumExp .== -Double.infinity, 0, logSumExp).expandingDimensions(at: -1)
  return select(allowed, exp(select(allowed, scores, 0) - finite), 0)
}

/// The operands of an attention kernel call read in place: each head's element offset and the
/// row stride (rows with adjacent features; other layouts are copied first).
struct AttentionRows {
  let tensor: Tensor
  let offsets: [Int]
  let rowStride: Int

  init(_ input: Tensor) {
    let rank = input.rank
    var tensor = input
    if input.shape[rank - 1] > 1 && input.dense.strides[rank - 1] != 1 { tensor = input.contiguous() }
    let strides = tensor.dense.strides
    var offsets: [Int] = []
    forEachOffset(shape: Array(tensor.shape.dropLast(2)), strides: [Array(strides.dropLast(2))]) { offsets.append($0[0]) }
    self.tensor = tensor
    self.offsets = offsets
    rowStride = strides[rank - 2]
  }

  /// The kernel's view; valid while `self` lives.
  var operand: Attention.Operand { Attention.Operand(base: tensor.baseAddress, offsets: offsets, rowStride: rowStride) }
}

/// The inputs of one attention kernel call: `q`, `k`, `v`, the mask, and the shape of a head.
struct AttentionHeads {
  let q, k, v: AttentionRows
  let mask: Tensor?
  let shape: Attention.Shape

  init(_ inputs: [Tensor], scale: Double, isCausal: Bool, hasMask: Bool, maskIndex: Int = 3) {
    (q, k, v) = (AttentionRows(inputs[0]), AttentionRows(inputs[1]), AttentionRows(inputs[2]))
    mask = hasMask ? inputs[maskIndex] : nil
    let rank = inputs[0].rank
    shape = Attention.Shape(
      m: inputs[0].shape[rank - 2], n: inputs[1].shape[rank - 2], d: inputs[0].shape[rank - 1],
      e: inputs[2].shape[rank - 1], scale: scale, isCausal: isCausal)
  }

  /// Calls `body` with the kernel's views of the operands, alive for the call.
  func withOperands(_ body: (Attention.Operand, Attention.Operand, Attention.Operand, Attention.Mask?) -> Void) {
    withExtendedLifetime((q, k, v, mask)) {
      guard let mask else { return body(q.operand, k.operand, v.operand, nil) }
      let strides = mask.dense.strides
      let rank = mask.rank
      var offsets: [Int] = []
      forEachOffset(shape: Array(mask.shape.dropLast(2)), strides: [Array(strides.dropLast(2))]) { offsets.append($0[0]) }
      let base = mask.baseAddress.assumingMemoryBound(to: UInt8.self)
      body(
        q.operand, k.operand, v.operand,
        Attention.Mask(base: base, offsets: offsets, rowStride: strides[rank - 2], columnStride: strides[rank - 1]))
    }
  }
}
