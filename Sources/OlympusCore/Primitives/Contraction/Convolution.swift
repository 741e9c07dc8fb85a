import OlympusKernels

/// Grouped, dilated cross-correlation over 1 to 3 spatial axes, channels first (XLA's
/// `conv_general_dilated` with feature groups):
/// `x [N, G·C, in…]`, `filter [G·O, C, k…]` → `[N, G·O, out…]`,
///
///     y[n, g·O + o, q] = Σ_{c, t} filter[g·O + o, c, t] · x̃[n, g·C + c, q·stride + t·filterDilation]
///
/// where `x̃` is `x` with `inputDilation − 1` zeros between neighbours and `paddingLow`/`paddingHigh`
/// zeros (negative: elements removed) at the ends of each spatial axis, and per axis
/// `out = ⌊(dilated(in) + low + high − dilated(k)) / stride⌋ + 1` with
/// `dilated(s, d) = (s − 1)·d + 1`. No kernel flip.
///
/// Input dilation makes the transposed convolution (and the input gradient of a strided one) a
/// convolution too, so both derivatives are this primitive again and every order follows.
public struct Convolution: SingleOutputPrimitive {
  /// Steps between output positions, per spatial axis (positive).
  public var stride: [Int]
  /// Zeros added before each spatial axis (negative values crop).
  public var paddingLow: [Int]
  /// Zeros added after each spatial axis (negative values crop).
  public var paddingHigh: [Int]
  /// Spacing of the input's elements (positive; 1 is none), per spatial axis.
  public var inputDilation: [Int]
  /// Spacing of the filter's taps (positive; 1 is none), per spatial axis.
  public var filterDilation: [Int]
  /// Channel groups (positive): input channel group `g` meets only output channel group `g`.
  public var groups: Int

  /// Creates the primitive; every list has one entry per spatial axis.
  public init(
    stride: [Int], paddingLow: [Int], paddingHigh: [Int], inputDilation: [Int], filterDilation: [Int], groups: Int
  ) {
    self.stride = stride
    self.paddingLow = paddingLow
    self.paddingHigh = paddingHigh
    self.inputDilation = inputDilation
    self.filterDilation = filterDilation
    self.groups = groups
  }

  /// `conv[stride …, padding …, dilation …, groups …]`.
  public var description: String {
    let padding = zip(paddingLow, paddingHigh).map { "(\($0), \($1))" }.joined(separator: ", ")
    return "conv[stride \(stride), padding [\(padding)], input dilation \(inputDilation), "
      + "filter dilation \(filterDilation), groups \(groups)]"
  }

  /// `[N, O, out…]` of the operands' type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (x, filter) = (inputs[0], inputs[1])
    let spatial = x.rank - 2
    guard (1...3).contains(spatial), filter.rank == x.rank, x.dtype == filter.dtype, x.dtype.isFloatingPoint else {
      throw OlympusError(
        description, "expects an input [N, C, …] and a filter [O, C/groups, …] of one floating type with 1 to 3 spatial axes, got \(x) and \(filter)")
    }
    guard [stride, paddingLow, paddingHigh, inputDilation, filterDilation].allSatisfy({ $0.count == spatial }),
      (stride + inputDilation + filterDilation).allSatisfy({ $0 > 0 }), groups > 0
    else {
      throw OlympusError(description, "needs one positive stride and dilation and one padding per spatial axis of \(x), and positive groups")
    }
    guard x.shape[1] == groups * filter.shape[1], filter.shape[0] % groups == 0 else {
      throw OlympusError(
        description, "the input \(x) has \(x.shape[1]) channels and the filter \(filter) \(filter.shape[0]) outputs; with \(groups) groups the filter must be [\(groups)·k, \(x.shape[1] / groups), …]")
    }
    var output = [x.shape[0], filter.shape[0]]
    for axis in 0..<spatial {
      let span = dilatedSize(x.shape[axis + 2], inputDilation[axis]) + paddingLow[axis] + paddingHigh[axis]
        - dilatedSize(filter.shape[axis + 2], filterDilation[axis])
      guard span >= 0 else {
        throw OlympusError(description, "the dilated filter \(filter) is larger than the padded input \(x) along spatial axis \(axis)")
      }
      output.append(span / stride[axis] + 1)
    }
    return [TensorType(shape: output, dtype: x.dtype)]
  }

  /// Runs the convolution kernel on the operands, read in place when each channel's spatial block
  /// is contiguous (a view with its two leading axes exchanged, as the filter gradient makes) and
  /// from contiguous copies otherwise.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (x, filter) = (Self.contiguousChannels(inputs[0]), Self.contiguousChannels(inputs[1]))
    let type = try! outputTypes(for: [x.type, filter.type])[0]
    let geometry = ConvolutionKernel.Geometry(
      batch: x.shape[0], groups: groups, inputChannels: filter.shape[1], outputChannels: filter.shape[0] / groups,
      inputSize: Array(x.shape.dropFirst(2)), kernelSize: Array(filter.shape.dropFirst(2)),
      outputSize: Array(type.shape.dropFirst(2)), stride: stride, paddingLow: paddingLow,
      inputDilation: inputDilation, kernelDilation: filterDilation,
      inputStrides: Array(x.dense.strides.prefix(2)), filterStrides: Array(filter.dense.strides.prefix(2)))
    return [
      Tensor.make(type) { output in
        withExtendedLifetime((x, filter)) {
          ConvolutionKernel.convolve(
            x.dtype.scalarType, geometry, input: x.baseAddress, filter: filter.baseAddress, output: output)
        }
      }
    ]
  }

  /// `conv(tx, filter) + conv(x, tfilter)`: the primitive is bilinear.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let left = tangents[0].map { bind(self, $0, primals[1]) }
    let right = tangents[1].map { bind(self, primals[0], $0) }
    return [addTangents(left, right)]
  }

  /// Both cotangents, as convolutions.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    vjp(primals: primals, outputs: outputs, cotangents: cotangents, needed: [true, true])
  }

  /// The input's cotangent, a convolution of the cotangent with the flipped filter, and the
  /// filter's, a convolution of the input with the cotangent, each only when needed.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?], needed: [Bool]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil] }
    return [
      needed[0] ? inputGradient(cotangent, filter: primals[1], inputShape: primals[0].shape) : nil,
      needed[1] ? filterGradient(cotangent, input: primals[0], filterShape: primals[1].shape) : nil,
    ]
  }

  /// One convolution for the whole batch: a batched input joins the images, a batched filter
  /// joins the output channels of each group, and when both are batched every example becomes
  /// its own set of groups.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let size = batchSize(inputs, axes)
    let (x, filter) = (inputs[0], inputs[1])
    // An empty batch: the output type of one example, with a batch axis of 0.
    let emptyBatch = { (images: [Int], filters: [Int]) -> Tensor in
      let example = try! outputTypes(for: [TensorType(shape: images, dtype: x.dtype), TensorType(shape: filters, dtype: x.dtype)])[0]
      var shape = example.shape
      shape.insert(0, at: 1)
      return Tensor.zeros(shape, dtype: x.dtype)
    }
    switch (axes[0], axes[1]) {
    case (let axis?, nil):
      let stacked = movingAxis(x, from: axis, to: 0)
      let images = bind(Reshape(shape: [size * stacked.shape[1]] + stacked.shape.dropFirst(2)), stacked)
      let y = bind(self, images, filter)
      return ([bind(Reshape(shape: [size, stacked.shape[1]] + y.shape.dropFirst()), y)], [0])
    case (nil, let axis?):
      // [B, G·O, C, k…] → [G, B, O, C, k…] → [G·B·O, C, k…]; the output's channels come back as (G, B, O).
      let stacked = movingAxis(filter, from: axis, to: 0)
      let (outputs, rest) = (stacked.shape[1] / groups, Array(stacked.shape.dropFirst(2)))
      guard size > 0 else { return ([emptyBatch(x.shape, Array(stacked.shape.dropFirst()))], [1]) }
      let grouped = movingAxis(bind(Reshape(shape: [size, groups, outputs] + rest), stacked), from: 1, to: 0)
      let y = bind(self, x, bind(Reshape(shape: [groups * size * outputs] + rest), grouped))
      let spatial = Array(y.shape.dropFirst(2))
      let split = movingAxis(bind(Reshape(shape: [y.shape[0], groups, size, outputs] + spatial), y), from: 2, to: 1)
      return ([bind(Reshape(shape: [y.shape[0], size, groups * outputs] + spatial), split)], [1])
    default:
      // Example b's channels and filters form groups b·G ..< (b + 1)·G.
      let images = movingAxis(x, from: axes[0]!, to: 1)  // [N, B, G·C, in…]
      let filters = movingAxis(filter, from: axes[1]!, to: 0)  // [B, G·O, C, k…]
      guard size > 0 else {
        var example = images.shape
        example.remove(at: 1)
        return ([emptyBatch(example, Array(filters.shape.dropFirst()))], [1])
      }
      let merged = bind(Reshape(shape: [images.shape[0], size * images.shape[2]] + images.shape.dropFirst(3)), images)
      let mergedFilters = bind(Reshape(shape: [size * filters.shape[1]] + filters.shape.dropFirst(2)), filters)
      var batched = self
      batched.groups = groups * size
      let y = bind(batched, merged, mergedFilters)
      return ([bind(Reshape(shape: [y.shape[0], size, filters.shape[1]] + y.shape.dropFirst(2)), y)], [1])
    }
  }
}

extension Convolution {
  /// `x` when the axes after its first two are laid out row-major and densely (each channel's
  /// spatial block contiguous), otherwise a contiguous copy.
  static func contiguousChannels(_ x: Tensor) -> Tensor {
    let strides = x.dense.strides
    var expected = 1
    for axis in (2..<x.rank).reversed() where x.shape[axis] != 1 {
      if strides[axis] != expected { return x.contiguous() }
      expected *= x.shape[axis]
    }
    return x
  }

  /// Each cotangent is a convolution with the other operand.
  public func vjpReadsInput(_ index: Int) -> Bool { true }
  /// The rule does not read the output.
  public var vjpReadsOutputs: Bool { false }
}

/// The extent of `size` elements with `dilation − 1` gaps between neighbours (0 stays 0).
func dilatedSize(_ size: Int, _ dilation: Int) -> Int {
  size == 0 ? 0 : (size - 1) * dilation + 1
}
