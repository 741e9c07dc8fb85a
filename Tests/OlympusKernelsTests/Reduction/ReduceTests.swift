import OlympusKernels
import Testing

/// The fold order `Reduction.reduce` documents, in plain Swift: contiguous rows (`inner == 1`) split
/// at the largest power of two below their length down to leaves of 2048 elements folded into 16
/// lanes; columns split the same way down to leaves of 32 rows folded in order.
private struct TreeTwin<A> {
  let identity: A
  let combine: (A, A) -> A

  func reduce(_ line: [A], contiguous: Bool) -> A {
    contiguous ? tree(line[...], leaf: 2048, fold: lanes) : tree(line[...], leaf: 32, fold: ordered)
  }

  private func tree(_ x: ArraySlice<A>, leaf: Int, fold: (ArraySlice<A>) -> A) -> A {
    if x.count <= leaf { return fold(x) }
    var h = 1
    while 2 * h < x.count { h *= 2 }
    let left = tree(x.prefix(h), leaf: leaf, fold: fold)
    let right = tree(x.dropFirst(h), leaf: leaf, fold: fold)
    return combine(left, right)
  }

  private func lanes(_ x: ArraySlice<A>) -> A {
    var lane = [A](repeating: identity, count: 16)
    for (i, v) in x.enumerated() { lane[i % 16] = combine(lane[i % 16], v) }
    var w = 8
    while w >= 1 {
      for j in 0..<w { lane[j] = combine(lane[j], lane[j + w]) }
      w /= 2
    }
    return lane[0]
  }

  private func ordered(_ x: ArraySlice<A>) -> A { x.reduce(identity, combine) }
}

/// NumPy-style maximum and minimum steps: a NaN operand wins, otherwise the larger (smaller) value;
/// ties keep the running value.
private func maximumStep<F: FloatingPoint>(_ a: F, _ x: F) -> F { x > a || x.isNaN ? x : a }
private func minimumStep<F: FloatingPoint>(_ a: F, _ x: F) -> F { x < a || x.isNaN ? x : a }

/// Data for `operation`: products get factors near 1 so long products stay finite.
private func floatData<F: BinaryFloatingPoint & ReductionTestScalar>(
  _: F.Type, _ operation: ReductionOperation, count: Int, using random: inout SplitMix64
) -> [F] where F.RawSignificand: FixedWidthInteger {
  operation == .product
    ? (0..<count).map { _ in F.random(in: 0.99..<1.01, using: &random) }
    : reductionSamples(F.self, count: count, using: &random)
}

/// Checks every float operation against the tree twin, bit for bit. Sums and products run in Double.
private func checkFloatOrder<F: BinaryFloatingPoint & ReductionTestScalar>(_: F.Type, seed: UInt64)
where F.RawSignificand: FixedWidthInteger {
  var random = SplitMix64(seed: seed)
  for shape in reductionTestShapes(seed: seed) {
    for operation in ReductionOperation.allCases where shape.count > 0 || operation.rawValue < 2 {
      let x = floatData(F.self, operation, count: shape.outer * shape.count * shape.inner, using: &random)
      reductionForEachSIMDPath { simd in
        let got = reductionRun(operation, x, shape)
        for o in 0..<shape.outer {
          for i in 0..<shape.inner {
            let line = reductionLine(x, shape, o, i)
            let contiguous = shape.inner == 1
            let want: F
            switch operation {
            case .sum: want = F(TreeTwin(identity: 0.0, combine: +).reduce(line.map { Double($0) }, contiguous: contiguous))
            case .product: want = F(TreeTwin(identity: 1.0, combine: *).reduce(line.map { Double($0) }, contiguous: contiguous))
            case .maximum: want = TreeTwin(identity: -F.infinity, combine: maximumStep).reduce(line, contiguous: contiguous)
            case .minimum: want = TreeTwin(identity: F.infinity, combine: minimumStep).reduce(line, contiguous: contiguous)
            }
            #expect(got[o * shape.inner + i].sameValue(as: want), "\(F.self) \(operation) \(shape) simd \(simd) at \(o),\(i)")
          }
        }
      }
    }
  }
}

/// Sum of `values` in Double with Neumaier's compensation, and the sum of magnitudes: its error is
/// about 2⁻⁵³ |sum| + n · 2⁻¹⁰⁶ Σ|x|, negligible next to the bounds checked here.
private func compensatedSum(_ values: [Double]) -> (sum: Double, magnitude: Double) {
  var sum = 0.0, compensation = 0.0, magnitude = 0.0
  for v in values {
    let t = sum + v
    compensation += abs(sum) >= abs(v) ? (sum - t) + v : (v - t) + sum
    sum = t
    magnitude += abs(v)
  }
  return (sum + compensation, magnitude)
}

@Suite("Reduction.reduce")
struct ReduceTests {
  @Test("float32 reductions follow the documented order on both SIMD paths")
  func float32Order() { checkFloatOrder(Float.self, seed: 11) }

  @Test("float64 reductions follow the documented order on both SIMD paths")
  func float64Order() { checkFloatOrder(Double.self, seed: 12) }

  @Test("float sums stay within the documented error bound of a compensated naive sum")
  func floatSumBound() {
    var random = SplitMix64(seed: 13)
    for shape in reductionTestShapes(seed: 13) {
      let x64 = reductionSamples(Double.self, count: shape.outer * shape.count * shape.inner, using: &random)
      let x32 = x64.map(Float.init)
      let sums64 = reductionRun(.sum, x64, shape), sums32 = reductionRun(.sum, x32, shape)
      for o in 0..<shape.outer {
        for i in 0..<shape.inner {
          // The documented bound: (c + ⌈log2(n / l)⌉) 2⁻⁵³ Σ|x|, plus one float32 rounding for float32.
          let (c, l) = shape.inner == 1 ? (131.0, 2048.0) : (31.0, 32.0)
          let levels = shape.count > Int(l) ? (Double(shape.count) / l).log2Ceiling : 0
          let exact64 = compensatedSum(reductionLine(x64, shape, o, i))
          let exact32 = compensatedSum(reductionLine(x32, shape, o, i).map(Double.init))
          let bound64 = (c + levels) * 0x1p-53 * exact64.magnitude
          let bound32 = (c + levels) * 0x1p-53 * exact32.magnitude + 0x1p-24 * abs(exact32.sum)
          #expect(abs(sums64[o * shape.inner + i] - exact64.sum) <= bound64, "\(shape) at \(o),\(i)")
          #expect(abs(Double(sums32[o * shape.inner + i]) - exact32.sum) <= bound32, "\(shape) at \(o),\(i)")
        }
      }
    }
  }

  @Test("integer reductions wrap like Swift's &+ and &*", arguments: [ScalarType.int32, .int64])
  func integers(type: ScalarType) {
    if type == .int32 { checkIntegers(Int32.self, seed: 14) } else { checkIntegers(Int64.self, seed: 15) }
  }

  private func checkIntegers<I: FixedWidthInteger & ReductionTestScalar>(_: I.Type, seed: UInt64) {
    var random = SplitMix64(seed: seed)
    for shape in reductionTestShapes(seed: seed) {
      let x = reductionSamples(I.self, count: shape.outer * shape.count * shape.inner, using: &random)
      for operation in ReductionOperation.allCases where shape.count > 0 || operation.rawValue < 2 {
        reductionForEachSIMDPath { simd in
          let got = reductionRun(operation, x, shape)
          for o in 0..<shape.outer {
            for i in 0..<shape.inner {
              let line = reductionLine(x, shape, o, i)
              let want: I
              switch operation {
              case .sum: want = line.reduce(0, &+)
              case .product: want = line.reduce(1, &*)
              case .maximum: want = line.max()!
              case .minimum: want = line.min()!
              }
              #expect(got[o * shape.inner + i] == want, "\(I.self) \(operation) \(shape) simd \(simd)")
            }
          }
        }
      }
    }
  }

  @Test("bool maximum is any and minimum is all")
  func bools() {
    var random = SplitMix64(seed: 16)
    for shape in reductionTestShapes(seed: 16) where shape.count > 0 {
      // Mostly-true or mostly-false data, so that both answers occur for any and all.
      let density = Double.random(in: 0...1, using: &random) < 0.5 ? 0.02 : 0.98
      let x = (0..<shape.outer * shape.count * shape.inner).map { _ in Double.random(in: 0..<1, using: &random) < density }
      reductionForEachSIMDPath { simd in
        let any = reductionRun(.maximum, x, shape), all = reductionRun(.minimum, x, shape)
        for o in 0..<shape.outer {
          for i in 0..<shape.inner {
            let line = reductionLine(x, shape, o, i)
            #expect(any[o * shape.inner + i] == line.contains(true), "\(shape) simd \(simd)")
            #expect(all[o * shape.inner + i] == !line.contains(false), "\(shape) simd \(simd)")
          }
        }
      }
    }
  }

  @Test("an empty axis gives 0 for sums and 1 for products")
  func emptyAxis() {
    let shape = (outer: 2, count: 0, inner: 3)
    #expect(reductionRun(.sum, [Float](), shape) == [Float](repeating: 0, count: 6))
    #expect(reductionRun(.product, [Double](), shape) == [Double](repeating: 1, count: 6))
    #expect(reductionRun(.sum, [Int32](), shape) == [Int32](repeating: 0, count: 6))
    #expect(reductionRun(.product, [Int64](), shape) == [Int64](repeating: 1, count: 6))
  }

  @Test("maximum and minimum propagate NaN; infinities take part like numbers")
  func nanAndInfinity() {
    var random = SplitMix64(seed: 17)
    for shape in [(1, 1, 1), (1, 5000, 1), (3, 40, 1), (2, 100, 7), (1, 70_001, 1)].map({ (outer: $0.0, count: $0.1, inner: $0.2) }) {
      for position in [0, shape.count / 2, shape.count - 1] {
        var x = reductionSamples(Float.self, count: shape.outer * shape.count * shape.inner, using: &random)
        // A NaN in line (0, 0) at `position`, and infinities in the last line.
        x[position * shape.inner] = .nan
        let last = shape.outer * shape.count * shape.inner - 1
        if last != position * shape.inner { x[last] = .infinity; x[last - (shape.count > 1 ? shape.inner : 0)] = -.infinity }
        reductionForEachSIMDPath { simd in
          for operation in ReductionOperation.allCases {
            let got = reductionRun(operation, x, shape)
            #expect(got[0].isNaN, "\(operation) \(shape) NaN at \(position) simd \(simd)")
            let doubles = reductionRun(operation, x.map(Double.init), shape)
            #expect(doubles[0].isNaN, "\(operation) \(shape) NaN at \(position) simd \(simd)")
          }
          if shape.outer * shape.inner > 1 && shape.count > 1 {
            #expect(reductionRun(.maximum, x, shape).last == .infinity)
            #expect(reductionRun(.minimum, x, shape).last == -.infinity)
          }
        }
      }
    }
  }

  @Test("a float32 sum of 10^7 values is within 1e-6 of the float64 sum")
  func tenMillion() {
    var random = SplitMix64(seed: 18)
    let n = 10_000_000
    let distributions: [(String, () -> Float)] = [
      ("uniform [0, 1)", { Float.random(in: 0..<1, using: &random) }),
      ("uniform [-0.5, 0.5) + 0.05", { Float.random(in: -0.5..<0.5, using: &random) + 0.05 }),
    ]
    for (name, draw) in distributions {
      let x = (0..<n).map { _ in draw() }
      let exact = compensatedSum(x.map(Double.init)).sum
      // The requirement is 1e-6; the documented bound (one float32 rounding plus ~152 float64 roundings
      // of Σ|x| ≤ 10 |sum| here) is about 6e-8.
      reductionForEachSIMDPath { simd in
        let whole = reductionRun(.sum, x, (1, n, 1))[0]
        #expect(abs(Double(whole) - exact) <= 1e-6 * abs(exact), "\(name) simd \(simd)")
        // The same data as two columns of 5·10^6 rows, and as 1000 rows summed down 10^4 columns.
        let columns = reductionRun(.sum, x, (1, n / 2, 2))
        let halves = [0, 1].map { c in compensatedSum(stride(from: c, to: n, by: 2).map { Double(x[$0]) }).sum }
        for c in 0..<2 { #expect(abs(Double(columns[c]) - halves[c]) <= 1e-6 * abs(halves[c]), "\(name) simd \(simd)") }
        let tall = reductionRun(.sum, x, (1, 1000, n / 1000))
        let column7 = compensatedSum((0..<1000).map { Double(x[$0 * (n / 1000) + 7]) }).sum
        #expect(abs(Double(tall[7]) - column7) <= 1e-6 * abs(column7), "\(name) simd \(simd)")
      }
    }
  }
}

extension Double {
  /// ⌈log2(self)⌉ for self ≥ 1.
  fileprivate var log2Ceiling: Double {
    var levels = 0.0, power = 1.0
    while power < self { power *= 2; levels += 1 }
    return levels
  }
}
