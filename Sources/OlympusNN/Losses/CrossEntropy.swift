import OlympusCore

/// Cross-entropy of unnormalized `logits` against integer class labels (PyTorch's
/// `cross_entropy`): `−log softmax(logits)[label]`, computed as `logSumExp(logits) −
/// logits[label]`, which is stable for any logits and never forms the log-probabilities.
///
/// - Parameters:
///   - logits: Scores with classes along `classAxis`: `[N, C]`, `[C]`, or e.g. `[N, T, C]`.
///   - labels: `int32`/`int64` class indices, the shape of `logits` without the class axis. A
///     label out of range is rejected, or, when the labels are traced (`jit`, `vmap`), gives a
///     NaN loss.
///   - classAxis: The class axis; the default is the last. PyTorch puts classes on axis 1 for
///     inputs such as `[N, C, H, W]`: pass `classAxis: 1` for those.
///   - labelSmoothing: ε in `[0, 1]`: the target becomes `(1 − ε)·onehot + ε/C` (as PyTorch).
///   - ignoreIndex: A label value that contributes no loss (PyTorch's `ignore_index`); the mean
///     is then over the other labels.
///   - reduction: `.mean` (default), `.sum` or `.none` (one loss per label).
public func crossEntropy(
  _ logits: Tensor, _ labels: Tensor, classAxis: Int = -1, labelSmoothing: Double = 0, ignoreIndex: Int? = nil,
  reduction: LossReduction = .mean
) -> Tensor {
  classLoss(
    logits, labels, classAxis: classAxis, labelSmoothing: labelSmoothing, ignoreIndex: ignoreIndex,
    reduction: reduction, normalizing: true, "crossEntropy(_:_:classAxis:labelSmoothing:ignoreIndex:reduction:)")
}

/// Cross-entropy of unnormalized `logits` against target probabilities of the same shape
/// (PyTorch's `cross_entropy` with class-probability targets): `−Σ p·log softmax(logits)` over
/// `classAxis`; `labelSmoothing` ε mixes the targets with the uniform distribution,
/// `(1 − ε)·p + ε/C`. The mean is over the elements without the class axis.
public func crossEntropy(
  _ logits: Tensor, probabilities: Tensor, classAxis: Int = -1, labelSmoothing: Double = 0,
  reduction: LossReduction = .mean
) -> Tensor {
  let operation = "crossEntropy(_:probabilities:classAxis:labelSmoothing:reduction:)"
  guard probabilities.shape == logits.shape else {
    return misuse(operation, "probabilities \(probabilities.type) must have the shape of the logits \(logits.type)")
  }
  guard checkSmoothing(labelSmoothing, operation) else { return .failed }
  let logProbabilities = logSoftmax(logits, axes: [classAxis])
  let classes = Double(logits.shape[classAxis < 0 ? classAxis + logits.rank : classAxis])
  let targets = labelSmoothing == 0 ? probabilities : probabilities * (1 - labelSmoothing) + labelSmoothing / classes
  return reduction.apply(-(targets * logProbabilities).sum(axes: [classAxis]))
}

/// The negative log-likelihood of integer class labels under log-probabilities (PyTorch's
/// `nll_loss`): `−logProbabilities[label]`; `crossEntropy` is `nll` of `logSoftmax`. Arguments as
/// for ``crossEntropy(_:_:classAxis:labelSmoothing:ignoreIndex:reduction:)``.
public func nll(
  _ logProbabilities: Tensor, _ labels: Tensor, classAxis: Int = -1, ignoreIndex: Int? = nil,
  reduction: LossReduction = .mean
) -> Tensor {
  classLoss(
    logProbabilities, labels, classAxis: classAxis, labelSmoothing: 0, ignoreIndex: ignoreIndex, reduction: reduction,
    normalizing: false, "nll(_:_:classAxis:ignoreIndex:reduction:)")
}

/// The loss of integer `labels` under `scores`, optionally smoothed and with ignored labels: the
/// per-label loss is `−Σ_c target_c·logp_c` with `target = (1 − ε)·onehot + ε/C` and
/// `logp = scores − logSumExp(scores)` when `normalizing` (logits), `logp = scores` otherwise. Its
/// one-hot part is a gather of each label's score (`take` on the flattened scores), so that neither
/// derivatives nor the forward pass hold a one-hot tensor, or log-probabilities, the size of the
/// scores.
func classLoss(
  _ scores: Tensor, _ labels: Tensor, classAxis: Int, labelSmoothing: Double, ignoreIndex: Int?,
  reduction: LossReduction, normalizing: Bool, _ operation: String
) -> Tensor {
  let rank = scores.rank
  guard rank >= 1, -rank <= classAxis, classAxis < rank else {
    return misuse(operation, "class axis \(classAxis) is out of range for \(scores.type)")
  }
  let axis = classAxis < 0 ? classAxis + rank : classAxis
  var labelShape = scores.shape
  let classes = labelShape.remove(at: axis)
  guard labels.dtype.isInteger, labels.shape == labelShape else {
    return misuse(operation, "expects integer labels of shape \(labelShape) for \(scores.type), got \(labels.type)")
  }
  guard checkSmoothing(labelSmoothing, operation) else { return .failed }
  if labels.isConcrete, let bad = labels.scalars(as: Int.self).first(where: { !(0..<classes).contains($0) && $0 != ignoreIndex }) {
    return misuse(operation, "label \(bad) is out of range for \(classes) classes")
  }
  // Row-major position of each label's score: (outer·C + label)·inner + innerIndex, for the axes
  // before the class axis (outer) and after it (inner). An ignored label reads class 0 and is
  // masked out below.
  let (outerShape, innerShape) = (Array(labelShape[..<axis]), Array(labelShape[axis...]))
  let inner = innerShape.reduce(1, *)
  let outerStarts = Tensor.arange(outerShape.reduce(1, *), dtype: .int64).reshaped(to: outerShape + innerShape.map { _ in 1 })
  let innerIndices = Tensor.arange(inner, dtype: .int64).reshaped(to: innerShape)
  let classIndices = (ignoreIndex.map { select(labels .!= Double($0), labels, 0) } ?? labels).astype(.int64)
  let positions = outerStarts * Double(classes * inner) + innerIndices + classIndices * Double(inner)
  let picked = scores.reshaped(to: [scores.shape.reduce(1, *)]).take(positions)
  let normalizer = normalizing ? scores.logSumExp(axes: [axis], keepDims: true) : nil
  var losses = normalizer.map { $0.reshaped(to: labelShape) - picked } ?? -picked
  if labelSmoothing > 0 {
    let logProbabilities = normalizer.map { scores - $0 } ?? scores
    losses = (1 - labelSmoothing) * losses - (labelSmoothing / Double(classes)) * logProbabilities.sum(axes: [axis])
  }
  if !labels.isConcrete {
    // Labels being traced cannot be checked now: a label out of range gives a NaN loss rather
    // than the score of another position (as JAX's gathers fill reads out of range with NaN).
    var valid = (labels .>= 0) .& (labels .< Double(classes))
    if let ignoreIndex { valid = valid .| (labels .== Double(ignoreIndex)) }
    losses = select(valid, losses, .nan)
  }
  guard let ignoreIndex else { return reduction.apply(losses) }
  let kept = labels .!= Double(ignoreIndex)
  let masked = select(kept, losses, 0)
  guard reduction == .mean else { return reduction.apply(masked) }
  return masked.sum() / kept.sum().astype(masked.dtype)
}

/// Whether a smoothing is in `[0, 1]`; rejected otherwise.
private func checkSmoothing(_ labelSmoothing: Double, _ operation: String) -> Bool {
  check((0...1).contains(labelSmoothing), OlympusError(operation, "labelSmoothing must be in [0, 1], got \(labelSmoothing)"))
}
