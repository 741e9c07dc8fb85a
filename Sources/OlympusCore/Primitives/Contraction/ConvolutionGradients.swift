/// The reverse rules of `Convolution`, each itself a convolution (so derivatives of every order,
/// batching and `jit` follow): with `dilated(s, d) = (s − 1)·d + 1`, per spatial axis `in`, `k`,
/// `out` the input, filter and output sizes and `low` the forward padding before the axis.
extension Convolution {
  /// The input's cotangent `[N, G·C, in…]`: the cotangent, dilated by the stride, convolved with
  /// the filter flipped along its spatial axes and with its two channel axes exchanged within
  /// each group (`[G·C, O, k…]`), stepping by the input dilation. Padding
  /// `dilated(k) − 1 − low` before and whatever brings the size back to `in` after.
  func inputGradient(_ cotangent: Tensor, filter: Tensor, inputShape: [Int]) -> Tensor {
    let spatial = inputShape.count - 2
    let (outputs, channels) = (filter.shape[0] / groups, filter.shape[1])
    let kernel = Array(filter.shape.dropFirst(2))
    // [G·O, C, k…] → [G, O, C, k…] → [G, C, O, k…] → [G·C, O, k…], flipped.
    let grouped = bind(Reshape(shape: [groups, outputs, channels] + kernel), filter)
    let swapped = bind(Reshape(shape: [groups * channels, outputs] + kernel), movingAxis(grouped, from: 2, to: 1))
    let flipped = bind(Flip(axes: Array(2..<(2 + spatial))), swapped)
    var low: [Int] = []
    var high: [Int] = []
    for axis in 0..<spatial {
      let dilatedKernel = dilatedSize(kernel[axis], filterDilation[axis])
      let before = dilatedKernel - 1 - paddingLow[axis]
      let dilatedOutput = dilatedSize(cotangent.shape[axis + 2], stride[axis])
      low.append(before)
      high.append(dilatedSize(inputShape[axis + 2], inputDilation[axis]) + dilatedKernel - 1 - dilatedOutput - before)
    }
    let transposed = Convolution(
      stride: inputDilation, paddingLow: low, paddingHigh: high, inputDilation: stride, filterDilation: filterDilation,
      groups: groups)
    return bind(transposed, cotangent, flipped)
  }

  /// The filter's cotangent `[G·O, C, k…]`: the input with images and channels exchanged
  /// (`[C, G·N, in…]`, each group's images together) convolved with the cotangent as the filter
  /// (`[G·O, N, out…]`, dilated by the stride), stepping by the filter dilation, in `G` groups;
  /// the result `[C, G·O, k…]` has its two channel axes exchanged back. Padding `low` before and
  /// whatever gives `k` taps after.
  func filterGradient(_ cotangent: Tensor, input: Tensor, filterShape: [Int]) -> Tensor {
    let spatial = filterShape.count - 2
    let (images, channels) = (input.shape[0], filterShape[1])
    let inputSpatial = Array(input.shape.dropFirst(2))
    // [N, G·C, in…] → [N, G, C, in…] → [C, G, N, in…] → [C, G·N, in…]; with one group a view
    // [C, N, in…] that the kernel reads in place.
    let lhs: Tensor
    if groups == 1 {
      lhs = movingAxis(input, from: 1, to: 0)
    } else {
      let split = bind(Reshape(shape: [images, groups, channels] + inputSpatial), input)
      let order = [2, 1, 0] + Array(3..<(3 + spatial))
      lhs = bind(Reshape(shape: [channels, groups * images] + inputSpatial), bind(Transpose(permutation: order), split))
    }
    let rhs = movingAxis(cotangent, from: 1, to: 0)  // [G·O, N, out…]
    var high: [Int] = []
    for axis in 0..<spatial {
      let dilatedKernel = dilatedSize(filterShape[axis + 2], filterDilation[axis])
      let dilatedInput = dilatedSize(inputSpatial[axis], inputDilation[axis])
      let dilatedOutput = dilatedSize(cotangent.shape[axis + 2], stride[axis])
      high.append(dilatedOutput - dilatedInput + dilatedKernel - paddingLow[axis] - 1)
    }
    let correlation = Convolution(
      stride: filterDilation, paddingLow: paddingLow, paddingHigh: high, inputDilation: inputDilation,
      filterDilation: stride, groups: groups)
    return movingAxis(bind(correlation, lhs, rhs), from: 1, to: 0)
  }
}
