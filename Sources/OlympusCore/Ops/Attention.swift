/// Scaled dot-product attention, PyTorch's `F.scaled_dot_product_attention`:
/// `softmax(scale·query·keyᵀ + M)·value` with the softmax over the keys.
///
/// - Parameters:
///   - query: `[..., m, d]`.
///   - key: `[..., n, d]`.
///   - value: `[..., n, e]`. The leading dimensions of the three broadcast together (NumPy's rules).
///   - mask: A boolean mask broadcastable to `[..., m, n]`: `true` where a query attends a key
///     (PyTorch's boolean `attn_mask`), or `nil` for none.
///   - isCausal: Whether query `i` attends only keys `j ≤ i` (top-left aligned, as PyTorch's
///     `is_causal`); applies together with `mask`.
///   - scale: The factor of the scores, `1/√d` when `nil`.
/// - Returns: `[..., m, e]`; a query that attends no key gives zeros.
///
/// The result and its gradients are computed one tile of keys at a time (an online softmax in the
/// forward pass, probabilities recomputed in the backward pass), so memory grows linearly with the
/// sequence length; forward-mode derivatives and derivatives of order two and more form the dense
/// `[m, n]` probabilities.
public func scaledDotProductAttention(
  query: Tensor, key: Tensor, value: Tensor, mask: Tensor? = nil, isCausal: Bool = false, scale: Double? = nil
) -> Tensor {
  checked { () throws(OlympusError) in
    let operation = "scaledDotProductAttention(query:key:value:mask:isCausal:scale:)"
    guard query.rank >= 2, key.rank >= 2, value.rank >= 2 else {
      throw OlympusError(operation, "query \(query.type), key \(key.type) and value \(value.type) need rank 2 or more")
    }
    guard query.dtype.isFloatingPoint, query.dtype == key.dtype, query.dtype == value.dtype else {
      throw OlympusError(operation, "query \(query.type), key \(key.type) and value \(value.type) need one floating-point type")
    }
    let (m, d) = (query.shape[query.rank - 2], query.shape[query.rank - 1])
    let n = key.shape[key.rank - 2]
    guard key.shape[key.rank - 1] == d, value.shape[value.rank - 2] == n else {
      throw OlympusError(
        operation, "query \(query.type), key \(key.type) and value \(value.type) do not have the form [..., m, d], [..., n, d], [..., n, e]")
    }
    let leading = [query, key, value].map { Array($0.shape.dropLast(2)) }
    guard let batch = broadcastShape(leading[0], leading[1]).flatMap({ broadcastShape($0, leading[2]) }) else {
      throw OlympusError(operation, "the leading dimensions of query \(query.type), key \(key.type) and value \(value.type) do not broadcast")
    }
    var operands = [query, key, value].map { $0.broadcast(to: batch + Array($0.shape.suffix(2))) }
    if let mask {
      let target = batch + [m, n]
      guard mask.dtype == .bool, mask.broadcasts(to: target) else {
        throw OlympusError(operation, "mask \(mask.type) is not a bool tensor broadcastable to \(formatShape(target))")
      }
      operands.append(mask.broadcast(to: target))
    }
    let primitive = ScaledDotProductAttention(
      scale: scale ?? 1 / Double(d).squareRoot(), isCausal: isCausal, hasMask: mask != nil)
    return bind(primitive, operands)[0]
  }
}
