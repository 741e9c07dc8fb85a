import OlympusCore

/// The geometry of sliding windows over the two spatial axes of `[N, C, H, W]` images.
struct WindowGeometry {
  var kernel: [Int]
  var stride: [Int]
  var padding: [Int]
  var dilation: [Int]

  /// Checks that every list has two positive entries (padding non-negative), naming `operation`.
  init(kernel: [Int], stride: [Int], padding: [Int], dilation: [Int], _ operation: String) {
    guard kernel.count == 2, stride.count == 2, padding.count == 2, dilation.count == 2,
      kernel.allSatisfy({ $0 > 0 }), stride.allSatisfy({ $0 > 0 }), dilation.allSatisfy({ $0 > 0 }),
      padding.allSatisfy({ $0 >= 0 })
    else {
      misuse(
        operation,
        "kernel \(kernel), stride \(stride), dilation \(dilation) need positive sizes and padding \(padding) "
          + "non-negative ones, one per spatial axis")
      // After a rejection inside `withErrorChecking`: a harmless 1×1 geometry stands in.
      (self.kernel, self.stride, self.padding, self.dilation) = ([1, 1], [1, 1], [0, 0], [1, 1])
      return
    }
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  /// The output extent along spatial axis `axis` of an input of extent `size`.
  /// Zero when the dilated kernel is longer than the padded input.
  func outputSize(_ size: Int, axis: Int) -> Int {
    let span = size + 2 * padding[axis] - dilation[axis] * (kernel[axis] - 1) - 1
    return span < 0 ? 0 : span / stride[axis] + 1
  }

  /// The windows of `x` (`[N, C, H, W]`) padded with `padValue`, as `[N, C, KH·KW, OH·OW]`, and
  /// the output's spatial size `[OH, OW]`.
  ///
  /// One gather (`take`) along the flattened padded spatial axis, with the flat position of every
  /// (kernel offset, output position) pair as indices; its derivative is one scatter-add. Measured
  /// faster than stacking `KH·KW` strided slices (whose derivative is `KH·KW` full-size pads), in
  /// both the forward pass and the gradient.
  func windows(_ x: Tensor, padValue: Double, _ operation: String) -> (windows: Tensor, outputSize: [Int]) {
    let (batch, channels) = (x.shape[0], x.shape[1])
    let padded = x.padded(
      [(0, 0), (0, 0), (padding[0], padding[0]), (padding[1], padding[1])], value: padValue)
    let (height, width) = (padded.shape[2], padded.shape[3])
    let output = [outputSize(x.shape[2], axis: 0), outputSize(x.shape[3], axis: 1)]
    guard output.allSatisfy({ $0 > 0 }) else {
      let failed = misuse(
        operation,
        "the kernel \(kernel) with dilation \(dilation) does not fit the padded input \([height, width]) of \(x.type)")
      return (failed, [1, 1])
    }
    var indices: [Int] = []
    indices.reserveCapacity(kernel[0] * kernel[1] * output[0] * output[1])
    for row in 0..<kernel[0] {
      for column in 0..<kernel[1] {
        for outputRow in 0..<output[0] {
          let base = (outputRow * stride[0] + row * dilation[0]) * width + column * dilation[1]
          for outputColumn in 0..<output[1] { indices.append(base + outputColumn * stride[1]) }
        }
      }
    }
    let flat = padded.reshaped(to: [batch, channels, height * width])
    let gathered = flat.take(Tensor(indices, shape: [kernel[0] * kernel[1], output[0] * output[1]]), axis: 2)
    return (gathered, output)
  }
}

/// Runs `body` on `x` as a batch of images: `[N, C, H, W]` as it is, an unbatched `[C, H, W]` with
/// a batch axis of one added and removed again (as PyTorch accepts both).
func asImageBatch(_ x: Tensor, _ operation: String, _ body: (Tensor) -> Tensor) -> Tensor {
  switch x.rank {
  case 4: return body(x)
  case 3: return body(x.expandingDimensions(at: 0)).squeezed(axes: [0])
  default: return misuse(operation, "expects [N, C, H, W] or [C, H, W], got \(x.type)")
  }
}

/// Runs a two-dimensional `body` on a sequence batch `[N, C, L]` (or unbatched `[C, L]`) seen as
/// images of height one.
func asSequenceImages(_ x: Tensor, _ operation: String, _ body: (Tensor) -> Tensor) -> Tensor {
  guard x.rank == 2 || x.rank == 3 else { return misuse(operation, "expects [N, C, L] or [C, L], got \(x.type)") }
  return body(x.expandingDimensions(at: -2)).squeezed(axes: [-2])
}
