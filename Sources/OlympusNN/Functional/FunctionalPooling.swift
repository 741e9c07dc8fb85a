import OlympusCore

/// Two-dimensional max pooling (PyTorch's `max_pool2d`): the maximum of each window of `x`
/// (`[N, C, H, W]` or `[C, H, W]`); padding counts as −∞. `stride` defaults to the kernel size.
///
/// At ties the gradient is split equally between the maxima (JAX's rule for `max`; PyTorch gives
/// it all to the first), which matters only for repeated values.
public func maxPool2d(
  _ x: Tensor, kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [0, 0], dilation: [Int] = [1, 1]
) -> Tensor {
  let operation = "maxPool2d(_:kernelSize:stride:padding:dilation:)"
  let geometry = WindowGeometry(
    kernel: kernelSize, stride: stride ?? kernelSize, padding: padding, dilation: dilation, operation)
  return asImageBatch(x, operation) { images in
    let (windows, size) = geometry.windows(images, padValue: -Double.infinity, operation)
    return windows.max(axes: [2]).reshaped(to: Array(images.shape[..<2]) + size)
  }
}

/// Two-dimensional average pooling (PyTorch's `avg_pool2d`): the mean of each window of `x`
/// (`[N, C, H, W]` or `[C, H, W]`). Padding is zeros; with `countIncludePad` (PyTorch's default)
/// they count in the mean, otherwise each window divides by its number of input elements.
/// `stride` defaults to the kernel size.
public func avgPool2d(
  _ x: Tensor, kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [0, 0], countIncludePad: Bool = true
) -> Tensor {
  let operation = "avgPool2d(_:kernelSize:stride:padding:countIncludePad:)"
  let geometry = WindowGeometry(
    kernel: kernelSize, stride: stride ?? kernelSize, padding: padding, dilation: [1, 1], operation)
  return asImageBatch(x, operation) { images in
    let (windows, size) = geometry.windows(images, padValue: 0, operation)
    let shape = Array(images.shape[..<2]) + size
    guard !countIncludePad else { return windows.mean(axes: [2]).reshaped(to: shape) }
    let ones = Tensor.ones([1, 1] + Array(images.shape[2...]), dtype: images.dtype)
    let counts = geometry.windows(ones, padValue: 0, operation).windows.sum(axes: [2])
    return (windows.sum(axes: [2]) / counts).reshaped(to: shape)
  }
}

/// One-dimensional max pooling over `[N, C, L]` (or `[C, L]`); see
/// ``maxPool2d(_:kernelSize:stride:padding:dilation:)``.
public func maxPool1d(_ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1) -> Tensor {
  asSequenceImages(x, "maxPool1d(_:kernelSize:stride:padding:dilation:)") { images in
    maxPool2d(images, kernelSize: [1, kernelSize], stride: [1, stride ?? kernelSize], padding: [0, padding], dilation: [1, dilation])
  }
}

/// One-dimensional average pooling over `[N, C, L]` (or `[C, L]`); see
/// ``avgPool2d(_:kernelSize:stride:padding:countIncludePad:)``.
public func avgPool1d(
  _ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludePad: Bool = true
) -> Tensor {
  asSequenceImages(x, "avgPool1d(_:kernelSize:stride:padding:countIncludePad:)") { images in
    avgPool2d(
      images, kernelSize: [1, kernelSize], stride: [1, stride ?? kernelSize], padding: [0, padding],
      countIncludePad: countIncludePad)
  }
}
