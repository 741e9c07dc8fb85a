/// Max pooling over the last `window.count` (1 to 3) axes of `x`, every leading axis (batch,
/// channels) pooled separately: the maximum of each window; padding never wins. `stride`
/// defaults to the window, `padding` (on both sides) to zeros, `dilation` to ones. Integer inputs
/// are converted to `float32`.
///
/// The gradient goes to each window's maximum (the first in row-major order at ties, as PyTorch
/// does); the backward pass finds it again from `x` instead of storing indices.
public func maxPool(
  _ x: Tensor, window: [Int], stride: [Int]? = nil, padding: [Int]? = nil, dilation: [Int]? = nil
) -> Tensor {
  checked { () throws(OlympusError) in
    let windows = try poolingWindows(
      "maxPool(_:window:stride:padding:dilation:)", x, window: window, stride: stride, padding: padding,
      dilation: dilation)
    let input = x.dtype.isFloatingPoint ? x : x.astype(.float32)
    return bind(SelectAndGather(windows: windows), input, input)
  }
}

/// Average pooling over the last `window.count` (1 to 3) axes of `x`, every leading axis pooled
/// separately. Padding is zeros; with `countIncludePad` (PyTorch's default) they count in the
/// mean, otherwise each window divides by its number of input elements. `stride` defaults to the
/// window. A window sum is a convolution with a filter of ones, one channel at a time, so this is
/// ``conv(_:weight:stride:padding:dilation:groups:layout:)`` with its derivatives.
public func avgPool(
  _ x: Tensor, window: [Int], stride: [Int]? = nil, padding: [Int]? = nil, countIncludePad: Bool = true
) -> Tensor {
  checked { () throws(OlympusError) in
    let operation = "avgPool(_:window:stride:padding:countIncludePad:)"
    let windows = try poolingWindows(operation, x, window: window, stride: stride, padding: padding, dilation: nil)
    let input = x.dtype.isFloatingPoint ? x : x.astype(.float32)
    let spatial = window.count
    let outputShape = try windows.outputShape(x.shape, operation)
    let planes = Array(x.shape.dropLast(spatial)).reduce(1, *)
    let images = input.reshaped(to: [planes, 1] + x.shape.suffix(spatial))
    let ones = Tensor.ones([1, 1] + window, dtype: input.dtype)
    let sum = { (images: Tensor) in
      conv(images, weight: ones, stride: windows.stride, padding: windows.paddingLow)
    }
    let total = sum(images).reshaped(to: outputShape)
    guard !countIncludePad else { return total / Double(window.reduce(1, *)) }
    let counts = sum(Tensor.ones([1, 1] + x.shape.suffix(spatial), dtype: input.dtype))
    return total / counts.reshaped(to: Array(counts.shape.dropFirst(2)))
  }
}

/// The windows of a pooling call, checked against `x`.
private func poolingWindows(
  _ operation: String, _ x: Tensor, window: [Int], stride: [Int]?, padding: [Int]?, dilation: [Int]?
) throws(OlympusError) -> PoolingWindows {
  let spatial = window.count
  let padding = padding ?? Array(repeating: 0, count: spatial)
  guard (1...3).contains(spatial), x.rank >= spatial, padding.count == spatial,
    zip(padding, window).allSatisfy({ $0 >= 0 && 2 * $0 <= $1 })
  else {
    throw OlympusError(
      operation, "expects a window over 1 to 3 trailing axes of \(x.type) and padding \(padding) of at most half the window \(window)")
  }
  let windows = PoolingWindows(
    window: window, stride: stride ?? window, paddingLow: padding, paddingHigh: padding,
    dilation: dilation ?? Array(repeating: 1, count: spatial))
  _ = try windows.outputShape(x.shape, operation)
  return windows
}
