import OlympusCore

/// Two-dimensional max pooling as a layer (PyTorch's `nn.MaxPool2d`); see
/// ``maxPool2d(_:kernelSize:stride:padding:dilation:)``. It has no parameters.
public struct MaxPool2d: Module {
  /// Window size per spatial axis.
  public var kernelSize: [Int]
  /// Steps between windows per spatial axis.
  public var stride: [Int]
  /// Padding (−∞) on both sides per spatial axis.
  public var padding: [Int]
  /// Spacing between window elements per spatial axis.
  public var dilation: [Int]

  /// A square window; `stride` defaults to the window size.
  public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1) {
    self.kernelSize = [kernelSize, kernelSize]
    self.stride = Array(repeating: stride ?? kernelSize, count: 2)
    self.padding = [padding, padding]
    self.dilation = [dilation, dilation]
  }

  /// The pooled `x`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    maxPool2d(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)
  }
}

/// Two-dimensional average pooling as a layer (PyTorch's `nn.AvgPool2d`); see
/// ``avgPool2d(_:kernelSize:stride:padding:countIncludePad:)``.
public struct AvgPool2d: Module {
  /// Window size per spatial axis.
  public var kernelSize: [Int]
  /// Steps between windows per spatial axis.
  public var stride: [Int]
  /// Zero padding on both sides per spatial axis.
  public var padding: [Int]
  /// Whether padding counts in each window's mean.
  public var countIncludePad: Bool

  /// A square window; `stride` defaults to the window size.
  public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludePad: Bool = true) {
    self.kernelSize = [kernelSize, kernelSize]
    self.stride = Array(repeating: stride ?? kernelSize, count: 2)
    self.padding = [padding, padding]
    self.countIncludePad = countIncludePad
  }

  /// The pooled `x`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    avgPool2d(input, kernelSize: kernelSize, stride: stride, padding: padding, countIncludePad: countIncludePad)
  }
}

/// One-dimensional max pooling as a layer (PyTorch's `nn.MaxPool1d`).
public struct MaxPool1d: Module {
  /// Window size.
  public var kernelSize: Int
  /// Step between windows.
  public var stride: Int
  /// Padding (−∞) on both sides.
  public var padding: Int
  /// Spacing between window elements.
  public var dilation: Int

  /// A window of `kernelSize`; `stride` defaults to it.
  public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1) {
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
    self.padding = padding
    self.dilation = dilation
  }

  /// The pooled `x` (`[N, C, L]` or `[C, L]`).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    maxPool1d(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation)
  }
}

/// One-dimensional average pooling as a layer (PyTorch's `nn.AvgPool1d`).
public struct AvgPool1d: Module {
  /// Window size.
  public var kernelSize: Int
  /// Step between windows.
  public var stride: Int
  /// Zero padding on both sides.
  public var padding: Int
  /// Whether padding counts in each window's mean.
  public var countIncludePad: Bool

  /// A window of `kernelSize`; `stride` defaults to it.
  public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, countIncludePad: Bool = true) {
    self.kernelSize = kernelSize
    self.stride = stride ?? kernelSize
    self.padding = padding
    self.countIncludePad = countIncludePad
  }

  /// The pooled `x` (`[N, C, L]` or `[C, L]`).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    avgPool1d(input, kernelSize: kernelSize, stride: stride, padding: padding, countIncludePad: countIncludePad)
  }
}
