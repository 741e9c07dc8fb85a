import OlympusKernels
import Testing

/// The naive twin: `output[o, j, i] = input[o, indices[j], i]`.
private func gatherTwin<T>(_ x: [T], outer: Int, axisSize: Int, inner: Int, indices: [Int64]) -> [T] {
  var y: [T] = []
  for o in 0..<outer {
    for j in indices {
      for i in 0..<inner { y.append(x[(o * axisSize + Int(j)) * inner + i]) }
    }
  }
  return y
}

private func runGather<T: ReductionTestScalar>(_ x: [T], outer: Int, axisSize: Int, inner: Int, indices: [Int64]) -> [T] {
  var output = [T](repeating: T(), count: outer * indices.count * inner)
  x.withUnsafeBytes { input in
    output.withUnsafeMutableBytes { out in
      Indexing.gather(
        T.kernelType, input: input.baseAddress!, outer: outer, axisSize: axisSize, inner: inner, indices: indices,
        indexCount: indices.count, output: out.baseAddress!)
    }
  }
  return output
}

@Suite("Indexing.gather")
struct GatherTests {
  private func check<T: ReductionTestScalar>(_: T.Type, seed: UInt64) {
    var random = SplitMix64(seed: seed)
    // (outer, axisSize, inner, indexCount): empty and unit extents, element and row copies, and sizes
    // large enough to be split across threads.
    let shapes = [(0, 4, 3, 5), (2, 5, 0, 3), (3, 4, 2, 0), (1, 1, 1, 1), (1, 1, 1, 7), (4, 9, 1, 20),
                  (3, 6, 5, 11), (2, 1000, 1, 300_000), (1, 50, 3000, 60), (1_000, 8, 3, 50)]
    for (outer, axisSize, inner, indexCount) in shapes {
      let x = reductionSamples(T.self, count: outer * axisSize * inner, using: &random)
      let indices = (0..<indexCount).map { _ in Int64.random(in: 0..<Int64(Swift.max(axisSize, 1)), using: &random) }
      reductionForEachSIMDPath { simd in
        let got = runGather(x, outer: outer, axisSize: axisSize, inner: inner, indices: indices)
        let want = gatherTwin(x, outer: outer, axisSize: axisSize, inner: inner, indices: indices)
        #expect(got.elementsEqual(want, by: { $0.sameValue(as: $1) }), "\(T.self) \(outer),\(axisSize),\(inner),\(indexCount) simd \(simd)")
      }
    }
  }

  @Test("rows are copied for every element type")
  func everyType() {
    check(Float.self, seed: 41)
    check(Double.self, seed: 42)
    check(Int32.self, seed: 43)
    check(Int64.self, seed: 44)
    check(Bool.self, seed: 45)
  }
}
