import OlympusKernels
import OlympusTestSupport
import Testing

/// The AVX-512 row kernel for windows of two adjacent taps per row at stride 2 picks the same
/// maxima as the portable loops: max pooling, a gather of other values and the gradient's scatter
/// agree bit for bit with AVX-512 on and off, on data full of ties, signed zeros and NaNs (where
/// the first tap in row-major order must win). Selection and addition in the same order, so the
/// tolerance is 0.
@Suite("Window maxima: AVX-512 pairs path against the portable loops")
struct WindowMaximumPathTests {
  /// Planes, input size, window, stride, low padding (dilation 1).
  static let geometries: [(planes: Int, size: [Int], window: [Int], stride: [Int], padding: [Int])] = [
    (3, [24, 24], [2, 2], [2, 2], [0, 0]),
    (2, [9, 21], [3, 2], [2, 2], [0, 0]),
    (2, [10, 40], [2, 2], [2, 2], [1, 1]),
    (2, [5, 70], [2, 2], [1, 2], [0, 1]),
    (4, [66], [2], [2], [0]),
    (2, [3, 4, 34], [2, 1, 2], [1, 1, 2], [0, 0, 0]),
  ]

  @Test(
    .enabled(if: SIMDPaths.isAVX512Supported, "the CPU has no AVX-512: there is no other path to compare"),
    arguments: geometries.indices, [ScalarType.float32, .float64])
  func pairsPathMatchesPortableLoops(_ index: Int, _ type: ScalarType) throws {
    let g = Self.geometries[index]
    let output = zip(zip(g.size, g.window), zip(g.stride, g.padding)).map { sizes, steps in
      (sizes.0 + 2 * steps.1 - sizes.1) / steps.0 + 1
    }
    let geometry = WindowMaximum.Geometry(
      planes: g.planes, inputSize: g.size, window: g.window, outputSize: output, stride: g.stride,
      paddingLow: g.padding, dilation: g.size.map { _ in 1 })
    let inputCount = g.planes * g.size.reduce(1, *)
    let outputCount = g.planes * output.reduce(1, *)
    var generator = SplitMix64(seed: UInt64(index + 1))
    // Five values, both zeros and NaN: most windows hold ties.
    let choices: [Double] = [-2, -1, -0.0, 0, 1, .nan]
    let x = (0..<inputCount).map { _ in choices[generator.below(choices.count)] }
    let values = (0..<inputCount).map { _ in Double(generator.below(1000)) }
    let cotangent = (0..<outputCount).map { _ in Double(generator.below(1000)) / 8 }

    func run(avx512: Bool) -> (pooled: [UInt64], gathered: [UInt64], scattered: [UInt64]) {
      let saved = SIMDPaths.isAVX512Enabled
      defer { SIMDPaths.isAVX512Enabled = saved }
      SIMDPaths.isAVX512Enabled = avx512
      let (x, values, cotangent) = (
        Buffer(type, count: inputCount, values: x), Buffer(type, count: inputCount, values: values),
        Buffer(type, count: outputCount, values: cotangent)
      )
      let pooled = Buffer(type, count: outputCount)
      let gathered = Buffer(type, count: outputCount)
      let scattered = Buffer(type, count: inputCount)
      WindowMaximum.gather(type, geometry, x: x.pointer, values: x.pointer, output: pooled.pointer)
      WindowMaximum.gather(type, geometry, x: x.pointer, values: values.pointer, output: gathered.pointer)
      WindowMaximum.scatterAdd(type, geometry, x: x.pointer, values: cotangent.pointer, output: scattered.pointer)
      return (pooled.bits, gathered.bits, scattered.bits)
    }
    let vector = run(avx512: true)
    let portable = run(avx512: false)
    #expect(vector.pooled == portable.pooled, "pooled values differ")
    #expect(vector.gathered == portable.gathered, "gathered values differ")
    #expect(vector.scattered == portable.scattered, "scattered cotangents differ")
  }

  /// Elements of `type` in owned memory, read back as bit patterns.
  final class Buffer {
    let type: ScalarType
    let count: Int
    let pointer: UnsafeMutableRawPointer

    init(_ type: ScalarType, count: Int, values: [Double]? = nil) {
      (self.type, self.count) = (type, count)
      pointer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * type.byteCount, alignment: 64)
      for index in 0..<count {
        let value = values?[index] ?? .infinity
        if type == .float32 {
          pointer.storeBytes(of: Float(value), toByteOffset: index * 4, as: Float.self)
        } else {
          pointer.storeBytes(of: value, toByteOffset: index * 8, as: Double.self)
        }
      }
    }

    deinit { pointer.deallocate() }

    var bits: [UInt64] {
      (0..<count).map { index in
        type == .float32
          ? UInt64(pointer.load(fromByteOffset: index * 4, as: UInt32.self))
          : pointer.load(fromByteOffset: index * 8, as: UInt64.self)
      }
    }
  }
}
