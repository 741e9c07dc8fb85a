import OlympusCore

/// Two-dimensional max pooling (PyTorch's `max_pool2d`): the maximum of each window of `x`
/// (`[N, C, H, W]` or `[C, H, W]`); padding never wins. `stride` defaults to the kernel size.
///
/// The gradient goes to each window's maximum, the first in row-major order at ties (as PyTorch);
/// see `maxPool(_:window:stride:padding:dilation:)`.
public func maxPool2d(
  _ x: Tensor, kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [0, 0], dilation: [Int] = [1, 1]
) -> Tensor {
  let operation = "maxPool2d(_:kernelSize:stride:padding:dilation:)"
  guard x.rank == 3 || x.rank == 4 else { return misuse(operation, "expects [N, C, H, W] or [C, H, W], got \(x.type)") }
  return maxPool(x, window: kernelSize, stride: stride, padding: padding, dilation: dilation)
}

/// Two-dimensional average pooling (PyTorch's `avg_pool2d`): the mean of each window of `x`
/// (`[N, C, H, W]` or `[C, H, W]`). Padding is zeros; with `countIncludePad` (PyTorch's default)
/// they count in the mean, otherwise each window divides by its number of input elements.
/// `stride` defaults to the kernel size.
public func avgPool2d(
  _ x: Tensor, kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [0, 0], countIncludePad: Bool = true
) -> Tensor {
  let operation = "avgPool2d(_:kernelSize:stride:padding:countIncludePad:)"
  guard x.rank == 3 || x.rank == 4 else { return misuse(operation, "expects [N, C, H, W] or [C, H, W], got \(x.type)") }
  return avgPool(x, window: kernelSize, stride: stride, padding: padding, countIncludePad: countIncludePad)
}

/// One-dimensional max pooling over `[N, C, L]` (or `[C, L]`); see
/// ``maxPool2d(_:kernelSize:stride:padding:dilation:)``.
public func maxPool1d(_ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1) -> Tensor {
  let operation = "maxPool1d(_:kernelSize:stride:padding:dilation:)"
  guard x.rank == 2 || x.rank == 3 else { return misuse(operation, "expects [N, C, L] or [C, L], got \(x.type)") }
  return maxPool(x, window: [kernelSize], stride: [stride ?? kernelSize], padding: [padding], dilation: [dilation])
}

/// One-dimensional average pooling over `[N, C, L]` (or `[C, L]`); see
/// ``avgPool2d(_:kernelSize:stride:padding:countIncludePad:)``.
public func avgPool1d(
  _ x: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludePad: Bool = true
) -> Tensor {
  let operation = "avgPool1d(_:kernelSize:stride:padding:countIncludePad:)"
  guard x.rank == 2 || x.rank == 3 else { return misuse(operation, "expects [N, C, L] or [C, L], got \(x.type)") }
  return avgPool(x, window: [kernelSize], stride: [stride ?? kernelSize], padding: [padding], countIncludePad: countIncludePad)
}
