import OlympusKernels

/// The windows of the pooling primitives over the last `window.count` (1 to 3) axes of a tensor;
/// every leading axis is a plane of its own.
public struct PoolingWindows: Hashable, Sendable, CustomStringConvertible {
  /// Window extent per spatial axis (positive).
  public var window: [Int]
  /// Steps between windows (positive).
  public var stride: [Int]
  /// Positions added before and after each spatial axis (non-negative); they never hold a maximum.
  public var paddingLow: [Int]
  /// Positions added after each spatial axis.
  public var paddingHigh: [Int]
  /// Spacing of a window's taps (positive).
  public var dilation: [Int]

  /// Windows with the given geometry; every list has one entry per spatial axis.
  public init(window: [Int], stride: [Int], paddingLow: [Int], paddingHigh: [Int], dilation: [Int]) {
    self.window = window
    self.stride = stride
    self.paddingLow = paddingLow
    self.paddingHigh = paddingHigh
    self.dilation = dilation
  }

  /// `window …, stride …, padding …, dilation …`.
  public var description: String {
    let padding = zip(paddingLow, paddingHigh).map { "(\($0), \($1))" }.joined(separator: ", ")
    return "window \(window), stride \(stride), padding [\(padding)], dilation \(dilation)"
  }

  /// The pooled shape of an input of shape `shape`, or an error naming `operation`.
  func outputShape(_ shape: [Int], _ operation: String) throws(OlympusError) -> [Int] {
    let spatial = window.count
    guard (1...3).contains(spatial), shape.count >= spatial,
      [stride, paddingLow, paddingHigh, dilation].allSatisfy({ $0.count == spatial }),
      (window + stride + dilation).allSatisfy({ $0 > 0 }), (paddingLow + paddingHigh).allSatisfy({ $0 >= 0 })
    else {
      throw OlympusError(operation, "\(description) does not describe windows over 1 to 3 trailing axes of \(formatShape(shape))")
    }
    var output = Array(shape.dropLast(spatial))
    for axis in 0..<spatial {
      let size = shape[shape.count - spatial + axis]
      let span = size + paddingLow[axis] + paddingHigh[axis] - dilatedSize(window[axis], dilation[axis])
      guard span >= 0, size > 0 else {
        throw OlympusError(operation, "the window \(window) with dilation \(dilation) does not fit the padded input \(formatShape(shape))")
      }
      output.append(span / stride[axis] + 1)
    }
    return output
  }

  /// The kernels' geometry for an input of shape `input` pooled to `output`.
  func geometry(input: [Int], output: [Int]) -> WindowMaximum.Geometry {
    let spatial = window.count
    return WindowMaximum.Geometry(
      planes: input.dropLast(spatial).reduce(1, *), inputSize: Array(input.suffix(spatial)), window: window,
      outputSize: Array(output.suffix(spatial)), stride: stride, paddingLow: paddingLow, dilation: dilation)
  }
}

/// The rule shared by the pooling primitives, whose two operands have the same leading axes:
/// both batch axes (an unbatched operand repeated) moved first, one more leading plane axis.
func batchPooling(_ primitive: some SingleOutputPrimitive, _ inputs: [Tensor], _ axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
  let operands = batchAllFirst(inputs, axes)
  return ([bind(primitive, operands[0], operands[1])], [0])
}
