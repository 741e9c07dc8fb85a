/// 1 where `wins`, ½ where `ties`, 0 elsewhere, in `like`'s type: the derivative of `maximum`
/// and `minimum` with respect to one operand.
func tieSplit(_ wins: Tensor, _ ties: Tensor, like x: Tensor) -> Tensor {
  wins.astype(x.dtype) + ties.astype(x.dtype) * 0.5
}
