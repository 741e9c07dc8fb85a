import OlympusCore

/// The Huber loss (PyTorch's `huber_loss`): `½d²` where `|d| ≤ delta` and `delta·(|d| − ½delta)`
/// beyond, for `d = predictions − targets`; quadratic near zero, linear for outliers.
public func huber(_ predictions: Tensor, _ targets: Tensor, delta: Double = 1, reduction: LossReduction = .mean) -> Tensor {
  guard delta > 0 else { return misuse("huber(_:_:delta:reduction:)", "delta must be positive, got \(delta)") }
  let difference = predictions - targets
  let magnitude = abs(difference)
  let losses = select(magnitude .<= delta, 0.5 * difference * difference, delta * (magnitude - 0.5 * delta))
  return reduction.apply(losses)
}
