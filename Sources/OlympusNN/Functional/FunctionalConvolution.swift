import OlympusCore

/// Two-dimensional cross-correlation (PyTorch's `conv2d`): `x` is `[N, C, H, W]` (or unbatched
/// `[C, H, W]`), `weight` is `[O, C/groups, KH, KW]`, `bias` is `[O]`; the result is
/// `[N, O, OH, OW]` with `OH = ⌊(H + 2·padding₀ − dilation₀·(KH − 1) − 1) / stride₀⌋ + 1` (likewise
/// `OW`). The `conv` primitive (`conv(_:weight:stride:padding:dilation:groups:layout:)`) plus the bias.
public func conv2d(
  _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0],
  dilation: [Int] = [1, 1], groups: Int = 1
) -> Tensor {
  convolutionLayer(
    x, weight: weight, bias: bias, spatial: 2, stride: stride, padding: padding, dilation: dilation, groups: groups,
    "conv2d(_:weight:bias:stride:padding:dilation:groups:)")
}

/// One-dimensional cross-correlation (PyTorch's `conv1d`): `x` is `[N, C, L]` (or `[C, L]`),
/// `weight` is `[O, C/groups, K]`, `bias` is `[O]`.
public func conv1d(
  _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
  groups: Int = 1
) -> Tensor {
  convolutionLayer(
    x, weight: weight, bias: bias, spatial: 1, stride: [stride], padding: [padding], dilation: [dilation],
    groups: groups, "conv1d(_:weight:bias:stride:padding:dilation:groups:)")
}

/// Three-dimensional cross-correlation (PyTorch's `conv3d`): `x` is `[N, C, D, H, W]` (or
/// `[C, D, H, W]`), `weight` is `[O, C/groups, KD, KH, KW]`, `bias` is `[O]`.
public func conv3d(
  _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1, 1], padding: [Int] = [0, 0, 0],
  dilation: [Int] = [1, 1, 1], groups: Int = 1
) -> Tensor {
  convolutionLayer(
    x, weight: weight, bias: bias, spatial: 3, stride: stride, padding: padding, dilation: dilation, groups: groups,
    "conv3d(_:weight:bias:stride:padding:dilation:groups:)")
}

/// A channels-first convolution with `spatial` axes of a batch (or of one unbatched example, as
/// PyTorch accepts), plus the bias.
func convolutionLayer(
  _ x: Tensor, weight: Tensor, bias: Tensor?, spatial: Int, stride: [Int], padding: [Int], dilation: [Int],
  groups: Int, _ operation: String
) -> Tensor {
  guard weight.rank == spatial + 2 else {
    return misuse(operation, "expects a weight [O, C/groups, \(spatial) kernel sizes], got \(weight.type)")
  }
  guard x.rank == spatial + 2 || x.rank == spatial + 1 else {
    return misuse(operation, "expects an input [N, C, \(spatial) spatial sizes] or one without N, got \(x.type)")
  }
  let batched = x.rank == spatial + 2
  let channels = x.shape[batched ? 1 : 0]
  guard groups > 0, channels == weight.shape[1] * groups else {
    return misuse(
      operation, "the input \(x.type) has \(channels) channels; the weight \(weight.type) with \(groups) groups expects \(weight.shape[1] * groups)")
  }
  let images = batched ? x : x.expandingDimensions(at: 0)
  let product = conv(images, weight: weight, stride: stride, padding: padding, dilation: dilation, groups: groups)
  let output = bias.map { product + $0.reshaped(to: [weight.shape[0]] + Array(repeating: 1, count: spatial)) } ?? product
  return batched ? output : output.squeezed(axes: [0])
}
