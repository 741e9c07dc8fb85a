import OlympusKernels
import Testing

/// The naive twin: a running sum per line in index order, in `Accumulator`, converted back per element.
private func prefixSums<T, Accumulator>(
  _ x: [T], _ shape: (outer: Int, count: Int, inner: Int), zero: Accumulator, add: (Accumulator, T) -> Accumulator,
  convert: (Accumulator) -> T
) -> [T] {
  var y = x
  for o in 0..<shape.outer {
    for i in 0..<shape.inner {
      var acc = zero
      for k in 0..<shape.count {
        let index = (o * shape.count + k) * shape.inner + i
        acc = add(acc, x[index])
        y[index] = convert(acc)
      }
    }
  }
  return y
}

private func runCumulativeSum<T: ReductionTestScalar>(_ x: [T], _ shape: (outer: Int, count: Int, inner: Int)) -> [T] {
  var output = [T](repeating: T(), count: x.count)
  x.withUnsafeBytes { input in
    output.withUnsafeMutableBytes { out in
      Reduction.cumulativeSum(
        T.kernelType, input: input.baseAddress!, outer: shape.outer, count: shape.count, inner: shape.inner,
        output: out.baseAddress!)
    }
  }
  return output
}

@Suite("Reduction.cumulativeSum")
struct CumulativeSumTests {
  // The kernel documents a float64 running sum in index order for both float types, so the twin
  // matches it bit for bit; integer sums wrap.
  @Test("prefix sums match the in-order twin exactly, for every numeric type")
  func twins() {
    var random = SplitMix64(seed: 31)
    for shape in reductionTestShapes(seed: 31) {
      let n = shape.outer * shape.count * shape.inner
      let f32 = reductionSamples(Float.self, count: n, using: &random)
      let f64 = reductionSamples(Double.self, count: n, using: &random)
      let i32 = reductionSamples(Int32.self, count: n, using: &random)
      let i64 = reductionSamples(Int64.self, count: n, using: &random)
      reductionForEachSIMDPath { simd in
        #expect(runCumulativeSum(f32, shape) == prefixSums(f32, shape, zero: 0.0, add: { $0 + Double($1) }, convert: { Float($0) }), "\(shape) simd \(simd)")
        #expect(runCumulativeSum(f64, shape) == prefixSums(f64, shape, zero: 0.0, add: +, convert: { $0 }), "\(shape) simd \(simd)")
        #expect(runCumulativeSum(i32, shape) == prefixSums(i32, shape, zero: 0, add: &+, convert: { $0 }), "\(shape) simd \(simd)")
        #expect(runCumulativeSum(i64, shape) == prefixSums(i64, shape, zero: 0, add: &+, convert: { $0 }), "\(shape) simd \(simd)")
      }
    }
  }

  @Test("the output may be the input")
  func inPlace() {
    var random = SplitMix64(seed: 32)
    let shape = (outer: 3, count: 100, inner: 70)
    let x = reductionSamples(Double.self, count: shape.outer * shape.count * shape.inner, using: &random)
    var y = x
    y.withUnsafeMutableBytes { buffer in
      Reduction.cumulativeSum(
        .float64, input: buffer.baseAddress!, outer: shape.outer, count: shape.count, inner: shape.inner,
        output: buffer.baseAddress!)
    }
    #expect(y == prefixSums(x, shape, zero: 0.0, add: +, convert: { $0 }))
  }
}
