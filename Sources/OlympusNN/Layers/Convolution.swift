import OlympusCore

/// A two-dimensional convolution layer (PyTorch's `nn.Conv2d`, NCHW): weight `[O, C/groups, KH, KW]`,
/// bias `[O]`; see ``conv2d(_:weight:bias:stride:padding:dilation:groups:)``.
///
/// ```swift
/// let conv = Conv2d(inputChannels: 1, outputChannels: 16, kernelSize: 3, padding: 1, key: Random.key(0))
/// conv(Tensor.zeros([128, 1, 8, 8]))   // [128, 16, 8, 8]
/// ```
public struct Conv2d: Module {
  /// `[outputChannels, inputChannels / groups, KH, KW]`.
  public var weight: Tensor
  /// `[outputChannels]`, or `nil`.
  public var bias: Tensor?
  /// Steps between windows, per spatial axis.
  public var stride: [Int]
  /// Zeros added on both sides, per spatial axis.
  public var padding: [Int]
  /// Spacing between kernel elements, per spatial axis.
  public var dilation: [Int]
  /// Independent channel groups (`inputChannels` for a depthwise convolution).
  public var groups: Int

  /// A layer with the given parameters and geometry (one entry per spatial axis).
  public init(
    weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0], dilation: [Int] = [1, 1],
    groups: Int = 1
  ) {
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
  }

  /// A layer with a square kernel and the same geometry on both axes, initialized as PyTorch's
  /// `nn.Conv2d` does (uniform with bound `1/√(C/groups·KH·KW)`).
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
    groups: Int = 1, bias: Bool = true, key: Tensor, dtype: DType = .float32
  ) {
    let parameters = Initializer.pytorchDefault(
      key, weightShape: [outputChannels, inputChannels / Swift.max(groups, 1), kernelSize, kernelSize], bias: bias,
      dtype: dtype)
    self.init(
      weight: parameters.weight, bias: parameters.bias, stride: [stride, stride], padding: [padding, padding],
      dilation: [dilation, dilation], groups: groups)
  }

  /// The convolution of `x` (`[N, C, H, W]` or `[C, H, W]`).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}

/// A one-dimensional convolution layer (PyTorch's `nn.Conv1d`): weight `[O, C/groups, K]`, bias
/// `[O]`; see ``conv1d(_:weight:bias:stride:padding:dilation:groups:)``.
public struct Conv1d: Module {
  /// `[outputChannels, inputChannels / groups, K]`.
  public var weight: Tensor
  /// `[outputChannels]`, or `nil`.
  public var bias: Tensor?
  /// Step between windows.
  public var stride: Int
  /// Zeros added on both sides.
  public var padding: Int
  /// Spacing between kernel elements.
  public var dilation: Int
  /// Independent channel groups.
  public var groups: Int

  /// A layer with the given parameters and geometry.
  public init(
    weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1
  ) {
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
  }

  /// A layer initialized as PyTorch's `nn.Conv1d` does (uniform with bound `1/√(C/groups·K)`).
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
    groups: Int = 1, bias: Bool = true, key: Tensor, dtype: DType = .float32
  ) {
    let parameters = Initializer.pytorchDefault(
      key, weightShape: [outputChannels, inputChannels / Swift.max(groups, 1), kernelSize], bias: bias, dtype: dtype)
    self.init(
      weight: parameters.weight, bias: parameters.bias, stride: stride, padding: padding, dilation: dilation,
      groups: groups)
  }

  /// The convolution of `x` (`[N, C, L]` or `[C, L]`).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    conv1d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}

/// A three-dimensional convolution layer (PyTorch's `nn.Conv3d`): weight `[O, C/groups, KD, KH, KW]`,
/// bias `[O]`; see ``conv3d(_:weight:bias:stride:padding:dilation:groups:)``.
public struct Conv3d: Module {
  /// `[outputChannels, inputChannels / groups, KD, KH, KW]`.
  public var weight: Tensor
  /// `[outputChannels]`, or `nil`.
  public var bias: Tensor?
  /// Steps between windows, per spatial axis.
  public var stride: [Int]
  /// Zeros added on both sides, per spatial axis.
  public var padding: [Int]
  /// Spacing between kernel elements, per spatial axis.
  public var dilation: [Int]
  /// Independent channel groups.
  public var groups: Int

  /// A layer with the given parameters and geometry (one entry per spatial axis).
  public init(
    weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1, 1], padding: [Int] = [0, 0, 0],
    dilation: [Int] = [1, 1, 1], groups: Int = 1
  ) {
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
  }

  /// A layer with a cubic kernel and the same geometry on every axis, initialized as PyTorch's
  /// `nn.Conv3d` does (uniform with bound `1/√(C/groups·KD·KH·KW)`).
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, dilation: Int = 1,
    groups: Int = 1, bias: Bool = true, key: Tensor, dtype: DType = .float32
  ) {
    let parameters = Initializer.pytorchDefault(
      key, weightShape: [outputChannels, inputChannels / Swift.max(groups, 1)] + Array(repeating: kernelSize, count: 3),
      bias: bias, dtype: dtype)
    self.init(
      weight: parameters.weight, bias: parameters.bias, stride: Array(repeating: stride, count: 3),
      padding: Array(repeating: padding, count: 3), dilation: Array(repeating: dilation, count: 3), groups: groups)
  }

  /// The convolution of `x` (`[N, C, D, H, W]` or `[C, D, H, W]`).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    conv3d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
  }
}
