import OlympusCore

/// Inverted dropout: each element of `x` is zeroed with probability `rate` and the survivors are
/// scaled by `1 / (1 − rate)`, so the expected value is unchanged (PyTorch's `dropout` in
/// training). The mask comes from `key`: the same key drops the same elements.
///
/// `rate` must be in `[0, 1]`; 0 returns `x`, 1 returns zeros.
public func dropout(_ x: Tensor, rate: Double, key: Tensor) -> Tensor {
  guard (0...1).contains(rate) else { return misuse("dropout(_:rate:key:)", "rate must be in [0, 1], got \(rate)") }
  if rate == 0 { return x }
  if rate == 1 { return x * 0 }
  let keep = Random.bernoulli(key, probability: 1 - rate, shape: x.shape)
  return select(keep, x * (1 / (1 - rate)), 0)
}
