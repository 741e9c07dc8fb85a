import OlympusCore

/// A two-dimensional convolution layer (PyTorch's `nn.Conv2d`, NCHW): weight `[O, C, KH, KW]`,
/// bias `[O]`; see ``conv2d(_:weight:bias:stride:padding:dilation:)``.
///
/// ```swift
/// let conv = Conv2d(inputChannels: 1, outputChannels: 16, kernelSize: 3, padding: 1, key: Random.key(0))
/// conv(Tensor.zeros([128, 1, 8, 8]))   // [128, 16, 8, 8]
/// ```
public struct Conv2d: Module {
  /// `[outputChannels, inputChannels, KH, KW]`.
  public var weight: Tensor
  /// `[outputChannels]`, or `nil`.
  public var bias: Tensor?
  /// Steps between windows, per spatial axis.
  public var stride: [Int]
  /// Zeros added on both sides, per spatial axis.
  public var padding: [Int]
  /// Spacing between kernel elements, per spatial axis.
  public var dilation: [Int]

  /// A layer with the given parameters and geometry (one entry per spatial axis).
  public init(weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0], dilation: [Int] = [1, 1]) {
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  /// A layer with a square kernel and the same geometry on both axes, initialized as PyTorch's
  /// `nn.Conv2d` does (uniform with bound `1/√(C·KH·KW)`).
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
    bias: Bool = true, key: Tensor, dtype: DType = .float32
  ) {
    let parameters = Initializer.pytorchDefault(
      key, weightShape: [outputChannels, inputChannels, kernelSize, kernelSize], bias: bias, dtype: dtype)
    self.init(
      weight: parameters.weight, bias: parameters.bias, stride: [stride, stride], padding: [padding, padding],
      dilation: [dilation, dilation])
  }

  /// The convolution of `x` (`[N, C, H, W]` or `[C, H, W]`).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
  }
}

/// A one-dimensional convolution layer (PyTorch's `nn.Conv1d`): weight `[O, C, K]`, bias `[O]`;
/// see ``conv1d(_:weight:bias:stride:padding:dilation:)``.
public struct Conv1d: Module {
  /// `[outputChannels, inputChannels, K]`.
  public var weight: Tensor
  /// `[outputChannels]`, or `nil`.
  public var bias: Tensor?
  /// Step between windows.
  public var stride: Int
  /// Zeros added on both sides.
  public var padding: Int
  /// Spacing between kernel elements.
  public var dilation: Int

  /// A layer with the given parameters and geometry.
  public init(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1) {
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  /// A layer initialized as PyTorch's `nn.Conv1d` does (uniform with bound `1/√(C·K)`).
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
    bias: Bool = true, key: Tensor, dtype: DType = .float32
  ) {
    let parameters = Initializer.pytorchDefault(
      key, weightShape: [outputChannels, inputChannels, kernelSize], bias: bias, dtype: dtype)
    self.init(weight: parameters.weight, bias: parameters.bias, stride: stride, padding: padding, dilation: dilation)
  }

  /// The convolution of `x` (`[N, C, L]` or `[C, L]`).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    conv1d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
  }
}
