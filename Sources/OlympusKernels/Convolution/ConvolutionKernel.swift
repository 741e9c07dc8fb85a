import COlympusKernels

/// Grouped, dilated cross-correlation over channel-first storage (see `olk_conv`).
public enum ConvolutionKernel {
  /// The geometry of one convolution with one to three spatial axes: `input`
  /// `[batch, groups·inputChannels, inputSize...]`, `filter`
  /// `[groups·outputChannels, inputChannels, kernelSize...]`, output
  /// `[batch, groups·outputChannels, outputSize...]`; per spatial axis, output position `q` and
  /// tap `t` read the input at `(q·stride + t·kernelDilation − paddingLow) / inputDilation` when
  /// that is a whole number inside the input, and zero otherwise.
  public struct Geometry: Sendable {
    /// Images in the batch.
    public var batch: Int
    /// Channel groups.
    public var groups: Int
    /// Input channels per group.
    public var inputChannels: Int
    /// Output channels per group.
    public var outputChannels: Int
    /// Spatial sizes of the input, kernel and output, and the per-axis stride, low padding
    /// (possibly negative), input dilation and kernel dilation.
    public var inputSize, kernelSize, outputSize, stride, paddingLow, inputDilation, kernelDilation: [Int]
    /// Element steps of the input's batch and channel axes and of the filter's output and input
    /// channel axes (two each); each channel's spatial block is itself contiguous.
    public var inputStrides, filterStrides: [Int]

    /// A geometry from its parts (every spatial list of the same length, 1 to 3); the input and
    /// the filter are contiguous unless `inputStrides` or `filterStrides` say otherwise.
    public init(
      batch: Int, groups: Int, inputChannels: Int, outputChannels: Int, inputSize: [Int], kernelSize: [Int],
      outputSize: [Int], stride: [Int], paddingLow: [Int], inputDilation: [Int], kernelDilation: [Int],
      inputStrides: [Int]? = nil, filterStrides: [Int]? = nil
    ) {
      (self.batch, self.groups, self.inputChannels, self.outputChannels) = (batch, groups, inputChannels, outputChannels)
      (self.inputSize, self.kernelSize, self.outputSize) = (inputSize, kernelSize, outputSize)
      (self.stride, self.paddingLow, self.inputDilation, self.kernelDilation) = (stride, paddingLow, inputDilation, kernelDilation)
      let (plane, taps) = (inputSize.reduce(1, *), kernelSize.reduce(1, *))
      self.inputStrides = inputStrides ?? [groups * inputChannels * plane, plane]
      self.filterStrides = filterStrides ?? [inputChannels * taps, taps]
    }
  }

  /// Writes the convolution of `input` with `filter` to `output` (float32 or float64, shapes and
  /// operand strides as `geometry` says, the output contiguous), on up to `Parallel.threadCount`
  /// threads.
  ///
  /// - Precondition: 1 to 3 spatial axes, every size non-negative, strides and dilations positive,
  ///   two operand strides each.
  public static func convolve(
    _ type: ScalarType, _ geometry: Geometry, input: UnsafeRawPointer, filter: UnsafeRawPointer,
    output: UnsafeMutableRawPointer
  ) {
    require(type == .float32 || type == .float64, "convolution supports float32 and float64")
    let rank = geometry.inputSize.count
    require((1...3).contains(rank), "convolution takes 1 to 3 spatial axes")
    require(geometry.inputStrides.count == 2 && geometry.filterStrides.count == 2, "convolution takes two operand strides each")
    var problem = olk_conv_problem()
    problem.dtype = type.cValue
    (problem.batch, problem.groups) = (geometry.batch, geometry.groups)
    (problem.in_channels, problem.out_channels) = (geometry.inputChannels, geometry.outputChannels)
    problem.in_size = threeAxes(geometry.inputSize, 1)
    problem.kernel = threeAxes(geometry.kernelSize, 1)
    problem.out_size = threeAxes(geometry.outputSize, 1)
    problem.stride = threeAxes(geometry.stride, 1)
    problem.pad_lo = threeAxes(geometry.paddingLow, 0)
    problem.in_dilation = threeAxes(geometry.inputDilation, 1)
    problem.kernel_dilation = threeAxes(geometry.kernelDilation, 1)
    problem.input_strides = (geometry.inputStrides[0], geometry.inputStrides[1])
    problem.filter_strides = (geometry.filterStrides[0], geometry.filterStrides[1])
    (problem.input, problem.filter, problem.output) = (input, filter, output)
    olk_conv(&problem, Int32(clamping: Parallel.threadCount))
  }
}

/// A list of one to three per-axis values as the C kernels' three axes: leading axes of size one
/// (`filler`: 1 for sizes, strides and dilations, 0 for padding) fill up to three.
func threeAxes(_ values: [Int], _ filler: Int) -> (Int, Int, Int) {
  let full = Array(repeating: filler, count: 3 - values.count) + values
  return (full[0], full[1], full[2])
}
