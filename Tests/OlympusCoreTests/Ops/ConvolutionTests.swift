import OlympusCore
import Testing

/// The `Convolution` primitive's kernel against the defining sum written out, in every
/// orientation and block split the kernel chooses, and the pooling operations' conventions.
@Suite("Convolution and pooling")
struct ConvolutionTests {
  /// One geometry of the primitive: input and filter shapes and its parameters.
  struct Geometry: CustomStringConvertible, Sendable {
    var input: [Int]
    var filter: [Int]
    var primitive: Convolution
    var description: String { "\(input) ⋆ \(filter) \(primitive)" }
  }

  static func geometry(
    _ input: [Int], _ filter: [Int], stride: [Int]? = nil, low: [Int]? = nil, high: [Int]? = nil,
    inputDilation: [Int]? = nil, filterDilation: [Int]? = nil, groups: Int = 1
  ) -> Geometry {
    let spatial = input.count - 2
    let ones = Array(repeating: 1, count: spatial)
    let zeros = Array(repeating: 0, count: spatial)
    return Geometry(
      input: input, filter: filter,
      primitive: Convolution(
        stride: stride ?? ones, paddingLow: low ?? zeros, paddingHigh: high ?? zeros, inputDilation: inputDilation ?? ones,
        filterDilation: filterDilation ?? ones, groups: groups))
  }

  static let geometries: [Geometry] = [
    // Stride 1 (the implicit GEMM over shifted rows), the input read in place: 622 grid columns
    // per image in 4 blocks of 192 (K = 288), the last one partial.
    geometry([2, 32, 26, 26], [16, 32, 3, 3]),
    // Shifted rows from a zero-padded band ("same" padding), blocks that do not divide the grid.
    geometry([2, 32, 24, 24], [16, 32, 3, 3], low: [1, 1], high: [1, 1]),
    // Shifted rows with filter dilation, asymmetric padding, odd sizes and groups.
    geometry([2, 4, 13, 11], [6, 2, 3, 2], low: [2, 1], high: [0, 3], filterDilation: [2, 3], groups: 2),
    // Shifted rows with the input cropped at the high end (a band although nothing is padded).
    geometry([1, 3, 10, 12], [4, 3, 3, 3], high: [-2, -3]),
    // Shifted rows in 1 and 3 spatial axes; more outputs than one row block of A (130 > 120).
    geometry([3, 5, 40], [7, 5, 4], low: [3], high: [1], filterDilation: [2]),
    geometry([1, 2, 4, 12, 14], [3, 2, 2, 2, 2]),
    geometry([1, 4, 10, 10], [130, 4, 3, 3], low: [1, 1], high: [1, 1]),
    // Shifted rows narrower than the AVX-512 tile: 18 columns take the 16-column AVX2 tile.
    geometry([2, 3, 1, 20], [5, 3, 1, 3]),
    // Full convolutions (input gradients) as products added back shifted: 32 input channels per
    // group, 32 images × groups, with filter dilation, and in 1 axis.
    geometry([16, 64, 6, 12], [8, 32, 3, 3], low: [4, 2], high: [4, 2], filterDilation: [2, 1], groups: 2),
    geometry([40, 32, 30], [5, 32, 4], low: [3], high: [3]),
    // Stride 1 but too many columns between the grid's rows (3 × 3 output on a 5 × 5 grid):
    // gathered columns.
    geometry([2, 3, 5, 5], [4, 3, 3, 3]),
    // Strides, asymmetric and negative padding, both dilations, groups.
    geometry([2, 6, 9, 8], [4, 3, 3, 2], stride: [2, 3], low: [2, -1], high: [1, 3], inputDilation: [2, 1], filterDilation: [1, 2], groups: 2),
    geometry([3, 4, 11], [8, 1, 3], stride: [2], low: [1], high: [2], inputDilation: [3], groups: 4),
    geometry([1, 2, 4, 5, 6], [4, 1, 2, 3, 2], stride: [1, 2, 1], low: [1, 0, 2], high: [0, 1, 1], filterDilation: [2, 1, 2], groups: 2),
    // Positions as GEMM columns gathered (stride 2), several position blocks per image.
    geometry([2, 32, 27, 27], [16, 32, 3, 3], stride: [2, 2], low: [1, 1], high: [1, 1]),
    // Positions as GEMM rows (9 positions, 16 outputs), the input channels split into blocks
    // (float64: 4 channels of 8·9·400 taps per block, 16 blocks) on every thread.
    geometry([8, 64, 22, 22], [16, 64, 20, 20]),
    geometry([3, 6, 12, 12], [24, 3, 10, 10], stride: [1, 1], filterDilation: [1, 1], groups: 2),
    // Positions as GEMM rows over shifted rows (stride 1, no padding, 12 images fill 2 tile
    // panels), with groups, in 1 axis, and with 126 images in two row blocks of A (120 + 6).
    geometry([12, 8, 14, 14], [32, 4, 12, 12], groups: 2),
    geometry([6, 4, 40], [16, 4, 36]),
    geometry([126, 2, 12, 12], [12, 2, 10, 10]),
    // Empty batch, one output position.
    geometry([0, 2, 5, 5], [3, 2, 3, 3]),
    geometry([2, 3, 3, 3], [5, 3, 3, 3]),
  ]

  /// The defining sum, element by element, in float64.
  static func reference(_ x: Tensor, _ w: Tensor, _ p: Convolution) -> Tensor {
    let type = try! p.outputTypes(for: [x.type, w.type])[0]
    let spatial = x.rank - 2
    let xs = x.scalars(as: Double.self)
    let ws = w.scalars(as: Double.self)
    let (groups, channels, outputs) = (p.groups, w.shape[1], w.shape[0] / p.groups)
    let inSize = Array(x.shape.dropFirst(2)), kernel = Array(w.shape.dropFirst(2)), outSize = Array(type.shape.dropFirst(2))
    let positions = outSize.reduce(1, *), taps = kernel.reduce(1, *), plane = inSize.reduce(1, *)
    func digits(_ flat: Int, _ sizes: [Int]) -> [Int] {
      var rest = flat
      var result = [Int](repeating: 0, count: sizes.count)
      for axis in sizes.indices.reversed() {
        result[axis] = rest % sizes[axis]
        rest /= sizes[axis]
      }
      return result
    }
    let tapDigits = (0..<taps).map { digits($0, kernel) }
    let positionDigits = (0..<positions).map { digits($0, outSize) }
    var out = [Double](repeating: 0, count: type.elementCount)
    for n in 0..<x.shape[0] {
      for g in 0..<groups {
        for o in 0..<outputs {
          for q in 0..<positions {
            let qs = positionDigits[q]
            var sum = 0.0
            for c in 0..<channels {
              for t in 0..<taps {
                let ts = tapDigits[t]
                var index = 0
                var inside = true
                for axis in 0..<spatial {
                  let dilated = qs[axis] * p.stride[axis] + ts[axis] * p.filterDilation[axis] - p.paddingLow[axis]
                  if dilated < 0 || dilated % p.inputDilation[axis] != 0 || dilated / p.inputDilation[axis] >= inSize[axis] {
                    inside = false
                    break
                  }
                  index = index * inSize[axis] + dilated / p.inputDilation[axis]
                }
                guard inside else { continue }
                let xv = xs[((n * groups + g) * channels + c) * plane + index]
                sum += xv * ws[((g * outputs + o) * channels + c) * taps + t]
              }
            }
            out[((n * groups + g) * outputs + o) * positions + q] = sum
          }
        }
      }
    }
    return Tensor(out, shape: type.shape)
  }

  /// Tolerance: sums of at most 64·400 = 25,600 float64 products in another order, each rounding
  /// at 1.1e-16 relative; 1e-12 of the largest magnitude leaves a wide margin.
  @Test(arguments: geometries)
  func kernelMatchesTheDefiningSum(_ geometry: Geometry) {
    let keys = Random.split(Random.key(7), count: 2)
    let x = Random.uniform(keys[0], shape: geometry.input, minimum: -1, maximum: 1, dtype: .float64)
    let w = Random.uniform(keys[1], shape: geometry.filter, minimum: -1, maximum: 1, dtype: .float64)
    let got = bind(geometry.primitive, [x, w])[0]
    expectAgreement(got, Self.reference(x, w, geometry.primitive), tolerance: 1e-12, "\(geometry)")
    // float32 runs the other instantiation of the kernel; its sums round at 6e-8 relative per step.
    let single = bind(geometry.primitive, [x.astype(.float32), w.astype(.float32)])[0]
    expectAgreement(single, Self.reference(x.astype(.float32).astype(.float64), w.astype(.float32).astype(.float64), geometry.primitive).astype(.float32), tolerance: 1e-4, "float32 \(geometry)")
  }

  /// Operands stored with their two leading axes exchanged (views, as the filter gradient passes
  /// them) give the results of contiguous operands: the kernel reads them in place (positions as
  /// rows over shifted rows) or copies them first.
  ///
  /// Tolerance: with positions as rows the threads' partial sums over channels are added in an
  /// order that depends on scheduling, so results agree to float32 rounding of sums of up to
  /// 64·400 products (1e-4 of the largest magnitude, as in `kernelMatchesTheDefiningSum`).
  @Test(arguments: [
    geometry([12, 8, 14, 14], [32, 4, 12, 12], groups: 2),  // positions as rows, shifted rows
    geometry([8, 64, 22, 22], [16, 64, 20, 20]),  // positions as rows, gathered
    geometry([2, 32, 24, 24], [16, 32, 3, 3], low: [1, 1], high: [1, 1]),  // positions as columns
  ])
  func exchangedLeadingAxesReadLikeContiguousOperands(_ geometry: Geometry) {
    let keys = Random.split(Random.key(9), count: 2)
    func exchanged(_ key: Tensor, _ shape: [Int]) -> (view: Tensor, contiguous: Tensor) {
      let permutation = [1, 0] + Array(2..<shape.count)
      let stored = Random.uniform(key, shape: permutation.map { shape[$0] }, minimum: -1, maximum: 1, dtype: .float32)
      let view = stored.transposed(permutation)
      // Adding zero writes a contiguous copy of the same values.
      return (view, view + Tensor.zeros(shape, dtype: .float32))
    }
    let (x, w) = (exchanged(keys[0], geometry.input), exchanged(keys[1], geometry.filter))
    let got = bind(geometry.primitive, [x.view, w.view])[0]
    expectAgreement(got, bind(geometry.primitive, [x.contiguous, w.contiguous])[0], tolerance: 1e-4, "\(geometry)")
  }

  /// Channels last is channels first with the channel axis moved (exactly: the same sums).
  @Test func channelsLastIsAMovedChannelAxis() {
    let keys = Random.split(Random.key(3), count: 2)
    let x = Random.uniform(keys[0], shape: [2, 7, 6, 4], minimum: -1, maximum: 1, dtype: .float64)
    let w = Random.uniform(keys[1], shape: [6, 2, 3, 3], minimum: -1, maximum: 1, dtype: .float64)
    let last = conv(x, weight: w, stride: [2, 1], padding: [1, 1], groups: 2, layout: .channelsLast)
    let first = conv(x.transposed([0, 3, 1, 2]), weight: w, stride: [2, 1], padding: [1, 1], groups: 2)
    expectAgreement(last, first.transposed([0, 2, 3, 1]), tolerance: 0)
  }

  /// Max pooling's gradient goes to the first maximum of a window in row-major order (PyTorch's
  /// choice), once per window that selects it; padding never wins.
  @Test func maxPoolGradientGoesToTheFirstMaximum() {
    let x = Tensor([1.0, 3, 3, 0, 2, 3, -1, -2, 5], shape: [1, 3, 3])
    let pooled = maxPool(x, window: [2, 2], stride: [1, 1])
    #expect(pooled.scalars(as: Double.self) == [3, 3, 2, 5])
    let gradient = grad(of: { maxPool($0, window: [2, 2], stride: [1, 1]).sum() })(x)
    #expect(gradient.scalars(as: Double.self) == [0, 2, 0, 0, 1, 0, 0, 0, 1])
    let padded = maxPool(Tensor([-3.0, -1, -2], shape: [1, 3]), window: [3], stride: [2], padding: [1])
    #expect(padded.scalars(as: Double.self) == [-1, -1])
  }

  /// Average pooling divides by the window size, or by the input elements it covers.
  @Test func avgPoolCountsPaddingOnlyWhenAsked() {
    let x = Tensor([1.0, 2, 3, 4], shape: [1, 4])
    #expect(avgPool(x, window: [2], stride: [2], padding: [1]).scalars(as: Double.self) == [0.5, 2.5, 2])
    #expect(avgPool(x, window: [2], stride: [2], padding: [1], countIncludePad: false).scalars(as: Double.self) == [1, 2.5, 4])
  }

  /// `convTranspose` is the input gradient of `conv` with the same settings.
  @Test func convTransposeIsTheGradientOfConv() {
    let keys = Random.split(Random.key(5), count: 2)
    let x = Random.uniform(keys[0], shape: [2, 4, 7, 6], minimum: -1, maximum: 1, dtype: .float64)
    let w = Random.uniform(keys[1], shape: [6, 2, 3, 2], minimum: -1, maximum: 1, dtype: .float64)
    let settings = (stride: [2, 2], padding: [1, 0], dilation: [1, 2])
    let (y, pullback) = vjp(at: x) {
      conv($0, weight: w, stride: settings.stride, padding: settings.padding, dilation: settings.dilation, groups: 2)
    }
    let u = Random.normal(Random.key(6), shape: y.shape, dtype: .float64)
    // From y's 4 × 2 positions the transposed convolution gives 7 rows with output padding 0 and
    // 5 columns, so output padding 1 gives x's width 6.
    let transposed = convTranspose(
      u, weight: w, stride: settings.stride, padding: settings.padding, outputPadding: [0, 1], dilation: settings.dilation,
      groups: 2)
    expectAgreement(transposed, pullback(u), tolerance: 0)
  }
}
