/// Applies `body` to the carry once for each index of `range`, in order (JAX's `lax.fori_loop`): a
/// `scan` over the indices, so it is differentiable in both modes and batchable. The body receives
/// the index as a scalar `int64` tensor and returns the carry's types.
///
/// ```swift
/// // x ← x·w + i, five times.
/// let y = forLoop(0..<5, initial: [x]) { i, carry in [carry[0] * w + i.astype(.float64)] }
/// ```
public func forLoop(
  _ range: Range<Int>, initial: [Tensor], body: (_ index: Tensor, _ carry: [Tensor]) -> [Tensor]
) -> [Tensor] {
  let indices = Tensor(Array(range))
  return scan(initial: initial, over: [indices], length: range.count) { carry, index in (body(index[0], carry), []) }.carry
}

/// `forLoop` with a carry of one tensor.
public func forLoop(_ range: Range<Int>, initial: Tensor, body: (_ index: Tensor, _ carry: Tensor) -> Tensor) -> Tensor {
  forLoop(range, initial: [initial]) { index, carry in [body(index, carry[0])] }[0]
}
