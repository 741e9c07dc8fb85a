import OlympusCore

/// `x` with axis `axis` (negative counts from the back) moved to the end, the others in order.
func movingAxisToEnd(_ x: Tensor, _ axis: Int) -> Tensor {
  let normalized = axis < 0 ? axis + x.rank : axis
  guard normalized != x.rank - 1 else { return x }
  return x.transposed(Array(0..<normalized) + Array((normalized + 1)..<x.rank) + [normalized])
}
