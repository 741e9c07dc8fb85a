import OlympusCore

/// Two-dimensional cross-correlation (PyTorch's `conv2d`): `x` is `[N, C, H, W]` (or unbatched
/// `[C, H, W]`), `weight` is `[O, C, KH, KW]`, `bias` is `[O]`; the result is `[N, O, OH, OW]`
/// with `OH = ⌊(H + 2·padding₀ − dilation₀·(KH − 1) − 1) / stride₀⌋ + 1` (likewise `OW`).
///
/// Composite of public operations — zero padding, one gather of the windows (im2col), and a
/// batched `matmul` of the weight `[O, C·KH·KW]` with the columns `[N, C·KH·KW, OH·OW]`, which
/// gives NCHW directly — so every transformation (`grad`, `jvp`, `vmap`, the tape, any order)
/// applies.
public func conv2d(
  _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0],
  dilation: [Int] = [1, 1]
) -> Tensor {
  let operation = "conv2d(_:weight:bias:stride:padding:dilation:)"
  guard weight.rank == 4 else { return misuse(operation, "expects a weight [O, C, KH, KW], got \(weight.type)") }
  let geometry = WindowGeometry(
    kernel: Array(weight.shape[2...]), stride: stride, padding: padding, dilation: dilation, operation)
  return asImageBatch(x, operation) { images in
    guard images.shape[1] == weight.shape[1] else {
      return misuse(operation, "the input \(x.type) has \(images.shape[1]) channels, the weight \(weight.type) expects \(weight.shape[1])")
    }
    let (windows, size) = geometry.windows(images, padValue: 0, operation)
    let (batch, outputs) = (images.shape[0], weight.shape[0])
    let columns = windows.reshaped(to: [batch, weight.shape[1] * windows.shape[2], windows.shape[3]])
    let product = matmul(weight.reshaped(to: [outputs, -1]), columns).reshaped(to: [batch, outputs] + size)
    return bias.map { product + $0.reshaped(to: [outputs, 1, 1]) } ?? product
  }
}

/// One-dimensional cross-correlation (PyTorch's `conv1d`): `x` is `[N, C, L]` (or `[C, L]`),
/// `weight` is `[O, C, K]`, `bias` is `[O]`; computed by ``conv2d(_:weight:bias:stride:padding:dilation:)``
/// on images of height one.
public func conv1d(
  _ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1
) -> Tensor {
  let operation = "conv1d(_:weight:bias:stride:padding:dilation:)"
  guard weight.rank == 3 else { return misuse(operation, "expects a weight [O, C, K], got \(weight.type)") }
  return asSequenceImages(x, operation) { images in
    conv2d(
      images, weight: weight.expandingDimensions(at: 2), bias: bias, stride: [1, stride], padding: [0, padding],
      dilation: [1, dilation])
  }
}
