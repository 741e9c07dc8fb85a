import COlympusKernels

/// Max pooling and its transpose over contiguous planes, without stored indices (see
/// `olk_window_argmax_gather`): each pass finds every window's maximum again.
public enum WindowMaximum {
  /// Windows over the last one to three axes of `planes` planes.
  public struct Geometry: Sendable {
    /// Planes (the product of the leading axes).
    public var planes: Int
    /// Per spatial axis: input size, window size, output size, stride, low padding, dilation.
    public var inputSize, window, outputSize, stride, paddingLow, dilation: [Int]

    /// A geometry from its parts (every list of the same length, 1 to 3).
    public init(
      planes: Int, inputSize: [Int], window: [Int], outputSize: [Int], stride: [Int], paddingLow: [Int], dilation: [Int]
    ) {
      self.planes = planes
      (self.inputSize, self.window, self.outputSize) = (inputSize, window, outputSize)
      (self.stride, self.paddingLow, self.dilation) = (stride, paddingLow, dilation)
    }
  }

  /// `output[p, q] = values[p, m(q)]`, `m(q)` the position of the maximum of `x` in window `q`
  /// (the first at ties; NaN wins); `values` and `x` are `[planes, inputSize…]`, `output`
  /// `[planes, outputSize…]`.
  public static func gather(
    _ type: ScalarType, _ geometry: Geometry, x: UnsafeRawPointer, values: UnsafeRawPointer,
    output: UnsafeMutableRawPointer
  ) {
    var problem = make(type, geometry, x: x, values: values, output: output)
    olk_window_argmax_gather(&problem, Int32(clamping: Parallel.threadCount))
  }

  /// `output[p, i] = Σ values[p, q]` over the windows `q` whose maximum of `x` is at `i`: the
  /// transpose of `gather`; `values` is `[planes, outputSize…]`, `output` `[planes, inputSize…]`.
  public static func scatterAdd(
    _ type: ScalarType, _ geometry: Geometry, x: UnsafeRawPointer, values: UnsafeRawPointer,
    output: UnsafeMutableRawPointer
  ) {
    var problem = make(type, geometry, x: x, values: values, output: output)
    olk_window_argmax_scatter(&problem, Int32(clamping: Parallel.threadCount))
  }

  private static func make(
    _ type: ScalarType, _ geometry: Geometry, x: UnsafeRawPointer, values: UnsafeRawPointer,
    output: UnsafeMutableRawPointer
  ) -> olk_window_problem {
    require(type == .float32 || type == .float64, "window maxima support float32 and float64")
    let rank = geometry.inputSize.count
    require((1...3).contains(rank), "window maxima take 1 to 3 spatial axes")
    var problem = olk_window_problem()
    problem.dtype = type.cValue
    problem.planes = geometry.planes
    problem.in_size = threeAxes(geometry.inputSize, 1)
    problem.window = threeAxes(geometry.window, 1)
    problem.out_size = threeAxes(geometry.outputSize, 1)
    problem.stride = threeAxes(geometry.stride, 1)
    problem.pad_lo = threeAxes(geometry.paddingLow, 0)
    problem.dilation = threeAxes(geometry.dilation, 1)
    (problem.x, problem.values, problem.output) = (x, values, output)
    return problem
  }
}
