import OlympusCore

/// Binary cross-entropy of logits against targets in `[0, 1]` (PyTorch's
/// `binary_cross_entropy_with_logits`): `−y·log σ(x) − (1 − y)·log(1 − σ(x))`, computed stably as
/// `log(1 + eˣ) − x·y` for any logit.
public func binaryCrossEntropy(withLogits logits: Tensor, targets: Tensor, reduction: LossReduction = .mean) -> Tensor {
  reduction.apply(stableSoftplus(logits) - logits * targets)
}
