/// Where the channel axis of an image batch sits.
public enum ChannelLayout: Sendable, Hashable {
  /// `[N, C, spatial…]` (PyTorch's default, NCHW).
  case channelsFirst
  /// `[N, spatial…, C]` (NHWC, TensorFlow's and JAX's usual layout).
  case channelsLast
}

/// Cross-correlation over 1 to 3 spatial axes (PyTorch's `conv1d`/`conv2d`/`conv3d`, JAX's
/// `conv_general_dilated`): `input` `[N, C, spatial…]` (or `[N, spatial…, C]` with
/// `layout: .channelsLast`), `weight` `[O, C/groups, k…]` in either layout; the result has `O`
/// channels in the input's layout and per spatial axis
/// `⌊(size + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1` positions.
///
/// `stride` and `dilation` default to ones, `padding` (zeros on both sides) to zeros, one entry per
/// spatial axis. With `groups` the channels split into that many independent groups (`groups == C`
/// is a depthwise convolution). Integer operands are converted to `float32`.
///
/// ```swift
/// let x = Tensor.ones([1, 3, 8, 8])
/// conv(x, weight: Tensor.ones([4, 3, 3, 3]), padding: [1, 1]).shape   // [1, 4, 8, 8]
/// ```
public func conv(
  _ input: Tensor, weight: Tensor, stride: [Int]? = nil, padding: [Int]? = nil, dilation: [Int]? = nil,
  groups: Int = 1, layout: ChannelLayout = .channelsFirst
) -> Tensor {
  checked { () throws(OlympusError) in
    let operation = "conv(_:weight:stride:padding:dilation:groups:layout:)"
    let spatial = input.rank - 2
    let settings = try ConvolutionSettings(
      operation, input: input, weight: weight, spatial: spatial, stride: stride, padding: padding,
      dilation: dilation, groups: groups)
    let primitive = Convolution(
      stride: settings.stride, paddingLow: settings.padding, paddingHigh: settings.padding,
      inputDilation: Array(repeating: 1, count: spatial), filterDilation: settings.dilation, groups: groups)
    let x = channelsFirst(settings.input, layout)
    guard x.shape[1] == settings.weight.shape[1] * groups else {
      throw OlympusError(
        operation, "the input \(input.type) has \(x.shape[1]) channels; the weight \(weight.type) with \(groups) groups expects \(settings.weight.shape[1] * groups)")
    }
    do throws(OlympusError) {
      _ = try primitive.outputTypes(for: [x.type, settings.weight.type])
    } catch {
      throw OlympusError(operation, error.message)
    }
    return restoringLayout(bind(primitive, x, settings.weight), layout)
  }
}

/// Transposed convolution (PyTorch's `conv_transpose1d/2d/3d`), the gradient of ``conv(_:weight:stride:padding:dilation:groups:layout:)``
/// with respect to its input: `input` `[N, C, spatial…]` (or channels last), `weight`
/// `[C, O/groups, k…]` as PyTorch stores it; per spatial axis the result has
/// `(size − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1` positions and `O`
/// channels. `outputPadding` (default zeros, each below its stride or dilation) picks among the
/// input sizes a strided convolution maps to the same output size.
public func convTranspose(
  _ input: Tensor, weight: Tensor, stride: [Int]? = nil, padding: [Int]? = nil, outputPadding: [Int]? = nil,
  dilation: [Int]? = nil, groups: Int = 1, layout: ChannelLayout = .channelsFirst
) -> Tensor {
  checked { () throws(OlympusError) in
    let operation = "convTranspose(_:weight:stride:padding:outputPadding:dilation:groups:layout:)"
    let spatial = input.rank - 2
    let settings = try ConvolutionSettings(
      operation, input: input, weight: weight, spatial: spatial, stride: stride, padding: padding,
      dilation: dilation, groups: groups, transposed: true)
    let extra = outputPadding ?? Array(repeating: 0, count: spatial)
    guard extra.count == spatial,
      zip(extra, zip(settings.stride, settings.dilation)).allSatisfy({ $0 >= 0 && $0 < Swift.max($1.0, $1.1) })
    else {
      throw OlympusError(
        operation, "outputPadding \(extra) needs one non-negative entry per spatial axis, each below its stride or dilation")
    }
    let x = channelsFirst(settings.input, layout)
    let w = settings.weight
    var size = [x.shape[0], w.shape[1] * groups]
    for axis in 0..<spatial {
      size.append(
        (x.shape[axis + 2] - 1) * settings.stride[axis] - 2 * settings.padding[axis]
          + settings.dilation[axis] * (w.shape[axis + 2] - 1) + extra[axis] + 1)
    }
    guard size.dropFirst(2).allSatisfy({ $0 > 0 }) else {
      throw OlympusError(operation, "the output size \(Array(size.dropFirst(2))) of \(input.type) with weight \(weight.type) is not positive")
    }
    // The convolution whose input gradient this is maps `size` back to the input's size.
    let forward = Convolution(
      stride: settings.stride, paddingLow: settings.padding, paddingHigh: settings.padding,
      inputDilation: Array(repeating: 1, count: spatial), filterDilation: settings.dilation, groups: groups)
    let forwardOutput: TensorType
    do throws(OlympusError) {
      forwardOutput = try forward.outputTypes(for: [TensorType(shape: size, dtype: x.dtype), w.type])[0]
    } catch {
      throw OlympusError(operation, error.message)
    }
    guard forwardOutput.shape == x.shape else {
      throw OlympusError(operation, "the padding \(settings.padding) leaves no output for \(input.type) with weight \(weight.type)")
    }
    return restoringLayout(forward.inputGradient(x, filter: w, inputShape: size), layout)
  }
}

/// Checked and completed arguments of a convolution.
private struct ConvolutionSettings {
  var input: Tensor
  var weight: Tensor
  var stride: [Int]
  var padding: [Int]
  var dilation: [Int]

  init(
    _ operation: String, input: Tensor, weight: Tensor, spatial: Int, stride: [Int]?, padding: [Int]?,
    dilation: [Int]?, groups: Int, transposed: Bool = false
  ) throws(OlympusError) {
    guard (1...3).contains(spatial), weight.rank == input.rank else {
      throw OlympusError(
        operation, "expects an input with a batch, a channel and 1 to 3 spatial axes and a weight of the same rank, got \(input.type) and \(weight.type)")
    }
    let ones = Array(repeating: 1, count: spatial)
    (self.stride, self.padding, self.dilation) = (stride ?? ones, padding ?? Array(repeating: 0, count: spatial), dilation ?? ones)
    guard [self.stride, self.padding, self.dilation].allSatisfy({ $0.count == spatial }),
      (self.stride + self.dilation).allSatisfy({ $0 > 0 }), self.padding.allSatisfy({ $0 >= 0 }), groups > 0
    else {
      throw OlympusError(
        operation, "stride \(self.stride), padding \(self.padding), dilation \(self.dilation) need \(spatial) entries each (positive, padding non-negative), and groups \(groups) must be positive")
    }
    guard weight.shape[0] % groups == 0 else {
      let role = transposed ? "input" : "output"
      throw OlympusError(operation, "the weight's \(weight.shape[0]) \(role) channels \(weight.type) do not split into \(groups) groups")
    }
    let dtype = DType.promoted(input.dtype, weight.dtype)
    let floating: DType = dtype.isFloatingPoint ? dtype : .float32
    (self.input, self.weight) = (input.astype(floating), weight.astype(floating))
  }
}

/// `x` as `[N, C, spatial…]`.
private func channelsFirst(_ x: Tensor, _ layout: ChannelLayout) -> Tensor {
  layout == .channelsFirst ? x : movingAxis(x, from: x.rank - 1, to: 1)
}

/// A channels-first result `y` in `layout`.
private func restoringLayout(_ y: Tensor, _ layout: ChannelLayout) -> Tensor {
  layout == .channelsFirst ? y : movingAxis(y, from: 1, to: y.rank - 1)
}
