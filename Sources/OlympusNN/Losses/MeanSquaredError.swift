import OlympusCore

/// The squared error `(predictions − targets)²`, reduced (PyTorch's `mse_loss`); the operands
/// broadcast.
public func mse(_ predictions: Tensor, _ targets: Tensor, reduction: LossReduction = .mean) -> Tensor {
  let difference = predictions - targets
  return reduction.apply(difference * difference)
}
