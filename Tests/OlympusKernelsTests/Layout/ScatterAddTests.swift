import OlympusKernels
import Testing

/// The naive twin: for each update row in order, add it into the row its index names.
private func scatterAddTwin<T>(
  _ updates: [T], into initial: [T], outer: Int, indexCount: Int, inner: Int, indices: [Int64], axisSize: Int,
  add: (T, T) -> T
) -> [T] {
  var y = initial
  for o in 0..<outer {
    for j in 0..<indexCount {
      for i in 0..<inner {
        let d = (o * axisSize + Int(indices[j])) * inner + i
        y[d] = add(y[d], updates[(o * indexCount + j) * inner + i])
      }
    }
  }
  return y
}

@Suite("Indexing.scatterAdd")
struct ScatterAddTests {
  // Additions into one destination happen in increasing j order in both kernel and twin, so even
  // float results match bit for bit.
  private func check<T: ReductionTestScalar>(_: T.Type, seed: UInt64, add: (T, T) -> T) {
    var random = SplitMix64(seed: seed)
    // (outer, indexCount, inner, axisSize): empty and unit extents, heavy duplication (axisSize 1 or 3),
    // and sizes large enough to be split across outer indices and column tiles.
    let shapes = [(0, 4, 3, 5), (2, 5, 0, 3), (3, 0, 2, 4), (1, 1, 1, 1), (1, 9, 1, 1), (4, 20, 1, 3),
                  (3, 11, 5, 6), (1, 200_000, 1, 1000), (1, 60, 3000, 50), (1_000, 50, 3, 8), (2, 300, 700, 3)]
    for (outer, indexCount, inner, axisSize) in shapes {
      let updates = reductionSamples(T.self, count: outer * indexCount * inner, using: &random)
      let initial = reductionSamples(T.self, count: outer * axisSize * inner, using: &random)
      let indices = (0..<indexCount).map { _ in Int64.random(in: 0..<Int64(Swift.max(axisSize, 1)), using: &random) }
      let want = scatterAddTwin(
        updates, into: initial, outer: outer, indexCount: indexCount, inner: inner, indices: indices,
        axisSize: axisSize, add: add)
      reductionForEachSIMDPath { simd in
        var got = initial
        updates.withUnsafeBytes { u in
          got.withUnsafeMutableBytes { out in
            Indexing.scatterAdd(
              T.kernelType, updates: u.baseAddress!, outer: outer, indexCount: indexCount, inner: inner,
              indices: indices, axisSize: axisSize, output: out.baseAddress!)
          }
        }
        #expect(got == want, "\(T.self) \(outer),\(indexCount),\(inner),\(axisSize) simd \(simd)")
      }
    }
  }

  @Test("updates accumulate in index order; integers wrap")
  func everyType() {
    check(Float.self, seed: 51, add: +)
    check(Double.self, seed: 52, add: +)
    check(Int32.self, seed: 53, add: &+)
    check(Int64.self, seed: 54, add: &+)
  }
}
