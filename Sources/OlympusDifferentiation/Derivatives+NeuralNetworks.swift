#if canImport(_Differentiation)
import _Differentiation
import OlympusCore
import OlympusNN

// OlympusNN's functions: activations, convolution, pooling, dropout and losses. Options are
// constants; labels and keys are differentiated (zero cotangents) since they may be computed from
// active tensors; an optional bias is differentiated when present.

@derivative(of: relu(_:))
@usableFromInline func _vjpRelu(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: relu) }
@derivative(of: silu(_:))
@usableFromInline func _vjpSilu(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: silu) }
@derivative(of: logSigmoid(_:))
@usableFromInline func _vjpLogSigmoid(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: logSigmoid) }
@derivative(of: leakyRelu(_:negativeSlope:), wrt: x)
@usableFromInline func _vjpLeakyRelu(_ x: Tensor, negativeSlope: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { leakyRelu($0, negativeSlope: negativeSlope) }
}
@derivative(of: elu(_:alpha:), wrt: x)
@usableFromInline func _vjpElu(_ x: Tensor, alpha: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { elu($0, alpha: alpha) }
}
@derivative(of: softplus(_:beta:threshold:), wrt: x)
@usableFromInline func _vjpSoftplus(_ x: Tensor, beta: Double, threshold: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { softplus($0, beta: beta, threshold: threshold) }
}
@derivative(of: gelu(_:approximate:), wrt: x)
@usableFromInline func _vjpGelu(_ x: Tensor, approximate: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { gelu($0, approximate: approximate) }
}

@derivative(of: conv2d(_:weight:bias:stride:padding:dilation:groups:), wrt: (x, weight, bias))
@usableFromInline func _vjpConv2d(
  _ x: Tensor, weight: Tensor, bias: Tensor?, stride: [Int], padding: [Int], dilation: [Int], groups: Int
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Optional<Tensor>.TangentVector)) {
  optionalBiasPullback(x, weight, bias) {
    conv2d($0, weight: $1, bias: $2, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}
@derivative(of: conv1d(_:weight:bias:stride:padding:dilation:groups:), wrt: (x, weight, bias))
@usableFromInline func _vjpConv1d(
  _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int, dilation: Int, groups: Int
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Optional<Tensor>.TangentVector)) {
  optionalBiasPullback(x, weight, bias) {
    conv1d($0, weight: $1, bias: $2, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}
@derivative(of: conv3d(_:weight:bias:stride:padding:dilation:groups:), wrt: (x, weight, bias))
@usableFromInline func _vjpConv3d(
  _ x: Tensor, weight: Tensor, bias: Tensor?, stride: [Int], padding: [Int], dilation: [Int], groups: Int
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Optional<Tensor>.TangentVector)) {
  optionalBiasPullback(x, weight, bias) {
    conv3d($0, weight: $1, bias: $2, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}

/// Olympus's pullback of `f(x, weight, bias)` with respect to all three; an absent bias has the
/// zero tangent.
private func optionalBiasPullback(
  _ x: Tensor, _ weight: Tensor, _ bias: Tensor?, _ f: @escaping (Tensor, Tensor, Tensor?) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Optional<Tensor>.TangentVector)) {
  guard let bias else {
    let (value, pullback) = olympusPullback(at: x, weight) { f($0, $1, nil) }
    return (value, { let (dx, dw) = pullback($0); return (dx, dw, .zero) })
  }
  let (value, pullback) = olympusPullback(at: x, weight, bias) { f($0, $1, $2) }
  return (value, { let (dx, dw, db) = pullback($0); return (dx, dw, .init(db)) })
}

@derivative(of: maxPool2d(_:kernelSize:stride:padding:dilation:), wrt: x)
@usableFromInline func _vjpMaxPool2d(
  _ x: Tensor, kernelSize: [Int], stride: [Int]?, padding: [Int], dilation: [Int]
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { maxPool2d($0, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation) }
}
@derivative(of: avgPool2d(_:kernelSize:stride:padding:countIncludePad:), wrt: x)
@usableFromInline func _vjpAvgPool2d(
  _ x: Tensor, kernelSize: [Int], stride: [Int]?, padding: [Int], countIncludePad: Bool
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { avgPool2d($0, kernelSize: kernelSize, stride: stride, padding: padding, countIncludePad: countIncludePad) }
}
@derivative(of: maxPool1d(_:kernelSize:stride:padding:dilation:), wrt: x)
@usableFromInline func _vjpMaxPool1d(
  _ x: Tensor, kernelSize: Int, stride: Int?, padding: Int, dilation: Int
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { maxPool1d($0, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation) }
}
@derivative(of: avgPool1d(_:kernelSize:stride:padding:countIncludePad:), wrt: x)
@usableFromInline func _vjpAvgPool1d(
  _ x: Tensor, kernelSize: Int, stride: Int?, padding: Int, countIncludePad: Bool
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { avgPool1d($0, kernelSize: kernelSize, stride: stride, padding: padding, countIncludePad: countIncludePad) }
}
@derivative(of: dropout(_:rate:key:), wrt: (x, key))
@usableFromInline func _vjpDropout(_ x: Tensor, rate: Double, key: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: x, key) { dropout($0, rate: rate, key: $1) }
}

@derivative(of: crossEntropy(_:_:classAxis:labelSmoothing:ignoreIndex:reduction:), wrt: (logits, labels))
@usableFromInline func _vjpCrossEntropy(
  _ logits: Tensor, _ labels: Tensor, classAxis: Int, labelSmoothing: Double, ignoreIndex: Int?, reduction: LossReduction
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: logits, labels) {
    crossEntropy($0, $1, classAxis: classAxis, labelSmoothing: labelSmoothing, ignoreIndex: ignoreIndex, reduction: reduction)
  }
}
@derivative(of: crossEntropy(_:probabilities:classAxis:labelSmoothing:reduction:), wrt: (logits, probabilities))
@usableFromInline func _vjpCrossEntropy(
  _ logits: Tensor, probabilities: Tensor, classAxis: Int, labelSmoothing: Double, reduction: LossReduction
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: logits, probabilities) {
    crossEntropy($0, probabilities: $1, classAxis: classAxis, labelSmoothing: labelSmoothing, reduction: reduction)
  }
}
@derivative(of: nll(_:_:classAxis:ignoreIndex:reduction:), wrt: (logProbabilities, labels))
@usableFromInline func _vjpNll(
  _ logProbabilities: Tensor, _ labels: Tensor, classAxis: Int, ignoreIndex: Int?, reduction: LossReduction
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: logProbabilities, labels) { nll($0, $1, classAxis: classAxis, ignoreIndex: ignoreIndex, reduction: reduction) }
}
@derivative(of: mse(_:_:reduction:), wrt: (predictions, targets))
@usableFromInline func _vjpMse(_ predictions: Tensor, _ targets: Tensor, reduction: LossReduction) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: predictions, targets) { mse($0, $1, reduction: reduction) }
}
@derivative(of: huber(_:_:delta:reduction:), wrt: (predictions, targets))
@usableFromInline func _vjpHuber(
  _ predictions: Tensor, _ targets: Tensor, delta: Double, reduction: LossReduction
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: predictions, targets) { huber($0, $1, delta: delta, reduction: reduction) }
}
@derivative(of: binaryCrossEntropy(withLogits:targets:reduction:), wrt: (logits, targets))
@usableFromInline func _vjpBinaryCrossEntropy(
  withLogits logits: Tensor, targets: Tensor, reduction: LossReduction
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: logits, targets) { binaryCrossEntropy(withLogits: $0, targets: $1, reduction: reduction) }
}
// OlympusCore's convolution, pooling, attention and normalization primitives' operations.

@derivative(of: conv(_:weight:stride:padding:dilation:groups:layout:), wrt: (input, weight))
@usableFromInline func _vjpConv(
  _ input: Tensor, weight: Tensor, stride: [Int]?, padding: [Int]?, dilation: [Int]?, groups: Int,
  layout: ChannelLayout
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: input, weight) {
    conv($0, weight: $1, stride: stride, padding: padding, dilation: dilation, groups: groups, layout: layout)
  }
}
@derivative(of: convTranspose(_:weight:stride:padding:outputPadding:dilation:groups:layout:), wrt: (input, weight))
@usableFromInline func _vjpConvTranspose(
  _ input: Tensor, weight: Tensor, stride: [Int]?, padding: [Int]?, outputPadding: [Int]?, dilation: [Int]?,
  groups: Int, layout: ChannelLayout
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: input, weight) {
    convTranspose(
      $0, weight: $1, stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation, groups: groups,
      layout: layout)
  }
}
@derivative(of: maxPool(_:window:stride:padding:dilation:), wrt: x)
@usableFromInline func _vjpMaxPool(
  _ x: Tensor, window: [Int], stride: [Int]?, padding: [Int]?, dilation: [Int]?
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { maxPool($0, window: window, stride: stride, padding: padding, dilation: dilation) }
}
@derivative(of: avgPool(_:window:stride:padding:countIncludePad:), wrt: x)
@usableFromInline func _vjpAvgPool(
  _ x: Tensor, window: [Int], stride: [Int]?, padding: [Int]?, countIncludePad: Bool
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { avgPool($0, window: window, stride: stride, padding: padding, countIncludePad: countIncludePad) }
}
@derivative(of: scaledDotProductAttention(query:key:value:mask:isCausal:scale:), wrt: (query, key, value))
@usableFromInline func _vjpScaledDotProductAttention(
  query: Tensor, key: Tensor, value: Tensor, mask: Tensor?, isCausal: Bool, scale: Double?
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Tensor)) {
  olympusPullback(at: query, key, value) {
    scaledDotProductAttention(query: $0, key: $1, value: $2, mask: mask, isCausal: isCausal, scale: scale)
  }
}
@derivative(of: layerNorm(_:weight:bias:epsilon:), wrt: (x, weight, bias))
@usableFromInline func _vjpLayerNorm(
  _ x: Tensor, weight: Tensor?, bias: Tensor?, epsilon: Double
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Optional<Tensor>.TangentVector, Optional<Tensor>.TangentVector)) {
  let (value, pullback) = vjp(at: [x] + [weight, bias].compactMap { $0 }) { (inputs: [Tensor]) in
    var present = inputs.dropFirst().makeIterator()
    let w = weight == nil ? nil : present.next()
    let b = bias == nil ? nil : present.next()
    return layerNorm(inputs[0], weight: w, bias: b, epsilon: epsilon)
  }
  return (
    value,
    { cotangent in
      var gradients = pullback(value.matchingCotangent(cotangent)).makeIterator()
      let dx = gradients.next()!
      let dWeight: Optional<Tensor>.TangentVector = weight == nil ? .zero : .init(gradients.next()!)
      let dBias: Optional<Tensor>.TangentVector = bias == nil ? .zero : .init(gradients.next()!)
      return (dx, dWeight, dBias)
    }
  )
}
#endif
