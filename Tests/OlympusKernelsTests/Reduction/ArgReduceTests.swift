import OlympusKernels
import Testing

/// The naive twin: scan forward, replacing the best so far only by a strictly better value or by the
/// first NaN (`isNaN` is nil for types without NaN).
private func firstExtreme<T: Comparable>(_ line: [T], maximum: Bool, isNaN: (T) -> Bool) -> Int64 {
  var best = 0
  for k in 1..<line.count where !isNaN(line[best]) {
    if isNaN(line[k]) || (maximum ? line[k] > line[best] : line[k] < line[best]) { best = k }
  }
  return Int64(best)
}

private func runArgReduce<T>(_ x: [T], _ type: ScalarType, maximum: Bool, _ shape: (outer: Int, count: Int, inner: Int)) -> [Int64] {
  var output = [Int64](repeating: -1, count: shape.outer * shape.inner)
  x.withUnsafeBytes { input in
    Reduction.argReduce(
      maximum: maximum, type, input: input.baseAddress!, outer: shape.outer, count: shape.count, inner: shape.inner,
      output: &output)
  }
  return output
}

private func check<T: Comparable>(
  _ x: [T], _ type: ScalarType, _ shape: (outer: Int, count: Int, inner: Int), isNaN: (T) -> Bool, _ label: String
) {
  reductionForEachSIMDPath { simd in
    for maximum in [true, false] {
      let got = runArgReduce(x, type, maximum: maximum, shape)
      for o in 0..<shape.outer {
        for i in 0..<shape.inner {
          let want = firstExtreme(reductionLine(x, shape, o, i), maximum: maximum, isNaN: isNaN)
          #expect(got[o * shape.inner + i] == want, "\(label) \(shape) max \(maximum) simd \(simd) at \(o),\(i)")
        }
      }
    }
  }
}

@Suite("Reduction.argReduce")
struct ArgReduceTests {
  @Test("the first extreme, with many ties, for every type")
  func ties() {
    var random = SplitMix64(seed: 21)
    // Shapes with long rows split across threads (over 2^17 elements in few rows) as well.
    for shape in reductionTestShapes(seed: 21) + [(1, 400_001, 1), (2, 200_000, 1)].map({ (outer: $0.0, count: $0.1, inner: $0.2) })
    where shape.count > 0 {
      let n = shape.outer * shape.count * shape.inner
      // Values from a small range so that every line has ties.
      let small = (0..<n).map { _ in Int.random(in: -3...3, using: &random) }
      check(small.map(Float.init), .float32, shape, isNaN: { $0.isNaN }, "float32")
      check(small.map(Double.init), .float64, shape, isNaN: { $0.isNaN }, "float64")
      check(small.map(Int32.init), .int32, shape, isNaN: { _ in false }, "int32")
      check(small.map { Int64($0) << 40 }, .int64, shape, isNaN: { _ in false }, "int64")
      let bools = small.map { $0 == 3 }
      bools.withUnsafeBytes { bytes in
        check(Array(bytes), .bool, shape, isNaN: { _ in false }, "bool")
      }
    }
  }

  @Test("the first NaN wins; signed zeros tie")
  func nan() {
    var random = SplitMix64(seed: 22)
    for shape in [(1, 9, 1), (1, 5000, 1), (1, 300_000, 1), (3, 50, 1), (2, 70, 9), (1, 40, 300)].map({ (outer: $0.0, count: $0.1, inner: $0.2) }) {
      let n = shape.outer * shape.count * shape.inner
      var x = (0..<n).map { _ in Float.random(in: -1..<1, using: &random) }
      // NaNs at a few random places, some lines without any; zeros of both signs.
      for _ in 0..<3 { x[Int.random(in: 0..<n, using: &random)] = .nan }
      for _ in 0..<5 { x[Int.random(in: 0..<n, using: &random)] = Bool.random(using: &random) ? 0.0 : -0.0 }
      check(x, .float32, shape, isNaN: { $0.isNaN }, "float32")
      check(x.map(Double.init), .float64, shape, isNaN: { $0.isNaN }, "float64")
      let zeros: [Float] = (0..<n).map { $0 % 2 == 0 ? -0.0 : 0.0 }
      check(zeros, .float32, shape, isNaN: { $0.isNaN }, "signed zeros")
    }
  }
}
