import OlympusCore
import Testing

/// Random keys and distributions.
///
/// Statistical checks use a fixed key, so they are deterministic; their bounds are five standard
/// errors of the statistic for the sample size (a correct generator fails one with probability
/// below 10⁻⁶ for a random key), so they would catch a biased or mis-scaled generator without
/// being tuned to this particular key.
@Suite struct RandomTests {
  static let sampleCount = 200_000

  /// Five standard errors of a statistic whose per-sample variance is `variance`.
  static func bound(variance: Double, count: Int = sampleCount) -> Double {
    5 * (variance / Double(count)).squareRoot()
  }

  static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

  static func variance(_ x: [Double]) -> Double {
    let m = mean(x)
    return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)
  }

  // MARK: Keys

  @Test func keysHoldTheSeedsHighAndLowWords() {
    let key = Random.key(0)
    #expect(key.dtype == .int32)
    #expect(key.shape == [2])
    #expect(key.scalars(as: Int32.self) == [0, 0])
    #expect(Random.key((1 << 32) + 5).scalars(as: Int32.self) == [1, 5])
    #expect(Random.key(-1).scalars(as: Int32.self) == [-1, -1])
  }

  /// Known-answer vectors of Threefry-2x32 with 20 rounds (Salmon et al., Random123's
  /// kat_vectors; the same vectors JAX tests its threefry_2x32 with).
  @Test(arguments: [
    ((UInt32(0), UInt32(0)), (UInt32(0), UInt32(0)), (UInt32(0x6b20_0159), UInt32(0x99ba_4efe))),
    ((.max, .max), (.max, .max), (0x1cb9_96fc, 0xbb00_2be7)),
    ((0x1319_8a2e, 0x0370_7344), (0x243f_6a88, 0x85a3_08d3), (0xc492_3a9c, 0x483d_f7a0)),
  ])
  func threefryMatchesKnownAnswers(key: (UInt32, UInt32), counter: (UInt32, UInt32), expected: (UInt32, UInt32)) {
    let keyTensor = Tensor([Int32(bitPattern: key.0), Int32(bitPattern: key.1)])
    let counters = Tensor([Int32(bitPattern: counter.0), Int32(bitPattern: counter.1)], shape: [1, 2])
    let words = bind(Threefry(), [keyTensor, counters])[0].scalars(as: Int32.self).map { UInt32(bitPattern: $0) }
    #expect(words == [expected.0, expected.1])
  }

  @Test func sameKeySameNumbers() {
    let key = Random.key(42)
    #expect(
      Random.uniform(key, shape: [1000]).scalars(as: Float.self)
        == Random.uniform(key, shape: [1000]).scalars(as: Float.self))
    #expect(
      Random.normal(key, shape: [7, 3], dtype: .float64).scalars(as: Double.self)
        == Random.normal(key, shape: [7, 3], dtype: .float64).scalars(as: Double.self))
    #expect(Random.split(key, count: 4).scalars(as: Int32.self) == Random.split(key, count: 4).scalars(as: Int32.self))
    #expect(Random.foldIn(key, 7).scalars(as: Int32.self) == Random.foldIn(key, 7).scalars(as: Int32.self))
  }

  @Test func splitGivesDistinctKeysAndStreams() {
    let key = Random.key(7)
    let keys = Random.split(key, count: 5)
    #expect(keys.shape == [5, 2])
    #expect(keys.dtype == .int32)
    let words = keys.scalars(as: Int32.self)
    let pairs = Set(stride(from: 0, to: words.count, by: 2).map { [words[$0], words[$0 + 1]] })
    #expect(pairs.count == 5, "five different keys")
    #expect(!pairs.contains(key.scalars(as: Int32.self)), "none equal to the parent")
    let first = Random.uniform(keys[0], shape: [64]).scalars(as: Float.self)
    let second = Random.uniform(keys[1], shape: [64]).scalars(as: Float.self)
    #expect(first != second)
    #expect(Random.split(key, count: 0).shape == [0, 2])
  }

  @Test func foldInGivesDistinctKeysPerValue() {
    let key = Random.key(3)
    let folded = (0..<16).map { Random.foldIn(key, $0).scalars(as: Int32.self) }
    #expect(Set(folded).count == 16)
    #expect(!folded.contains(key.scalars(as: Int32.self)))
    #expect(Random.foldIn(key, 0).shape == [2])
    let splitKeys = Random.split(key, count: 16).scalars(as: Int32.self)
    let splitPairs = Set(stride(from: 0, to: splitKeys.count, by: 2).map { [splitKeys[$0], splitKeys[$0 + 1]] })
    #expect(splitPairs.isDisjoint(with: folded), "folding and splitting give different keys")
  }

  @Test func splitStreamsAreUncorrelated() {
    let keys = Random.split(Random.key(11), count: 2)
    let a = Random.uniform(keys[0], shape: [Self.sampleCount], dtype: .float64).scalars(as: Double.self)
    let b = Random.uniform(keys[1], shape: [Self.sampleCount], dtype: .float64).scalars(as: Double.self)
    let (ma, mb) = (Self.mean(a), Self.mean(b))
    let covariance = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / Double(a.count)
    let correlation = covariance / (Self.variance(a) * Self.variance(b)).squareRoot()
    // The sample correlation of independent variables has standard error 1/√n.
    #expect(Swift.abs(correlation) <= Self.bound(variance: 1), "correlation \(correlation)")
  }

  // MARK: Uniform

  @Test(arguments: [DType.float32, .float64])
  func uniformFillsTheUnitIntervalEvenly(dtype: DType) {
    let x = Random.uniform(Random.key(1), shape: [Self.sampleCount], dtype: dtype)
    #expect(x.dtype == dtype)
    let values = x.scalars(as: Double.self)
    #expect(values.allSatisfy { 0 <= $0 && $0 < 1 })
    // Mean 1/2 with variance 1/12; the sample variance of a uniform variable has per-sample
    // variance μ₄ - σ⁴ = 1/80 - 1/144.
    #expect(Swift.abs(Self.mean(values) - 0.5) <= Self.bound(variance: 1.0 / 12))
    #expect(Swift.abs(Self.variance(values) - 1.0 / 12) <= Self.bound(variance: 1.0 / 80 - 1.0 / 144))
    // Ten equal bins: each count is binomial(n, 1/10).
    var bins = [Int](repeating: 0, count: 10)
    for value in values { bins[Int(value * 10)] += 1 }
    let expected = Double(Self.sampleCount) / 10
    let slack = 5 * (Double(Self.sampleCount) * 0.1 * 0.9).squareRoot()
    #expect(bins.allSatisfy { Swift.abs(Double($0) - expected) <= slack }, "\(bins)")
  }

  @Test func uniformValuesUseTheDocumentedResolution() {
    let single = Random.uniform(Random.key(2), shape: [4096]).scalars(as: Float.self)
    #expect(single.allSatisfy { ($0 * 0x1p24).rounded() == $0 * 0x1p24 }, "multiples of 2⁻²⁴")
    #expect(Set(single).count > 4000, "24 random bits: few repeats in 4096 draws")
    let double = Random.uniform(Random.key(2), shape: [4096], dtype: .float64).scalars(as: Double.self)
    #expect(double.allSatisfy { ($0 * 0x1p53).rounded() == $0 * 0x1p53 }, "multiples of 2⁻⁵³")
    #expect(Set(double).count == 4096)
  }

  @Test func uniformHonoursItsRange() {
    let values = Random.uniform(Random.key(5), shape: [Self.sampleCount], minimum: -2, maximum: 3).scalars(as: Double.self)
    #expect(values.allSatisfy { -2 <= $0 && $0 < 3 })
    // Width 5: mean 0.5, variance 25/12.
    #expect(Swift.abs(Self.mean(values) - 0.5) <= Self.bound(variance: 25.0 / 12))
    #expect(Random.uniform(Random.key(5), shape: [2, 0, 3]).shape == [2, 0, 3])
    #expect(Random.uniform(Random.key(5), shape: []).shape == [])
  }

  // MARK: Normal

  @Test(arguments: [DType.float32, .float64])
  func normalHasTheRequestedMeanAndSpread(dtype: DType) {
    let (mean, deviation) = (3.0, 2.0)
    let x = Random.normal(Random.key(9), shape: [Self.sampleCount], mean: mean, standardDeviation: deviation, dtype: dtype)
    #expect(x.dtype == dtype)
    let values = x.scalars(as: Double.self)
    #expect(values.allSatisfy { $0.isFinite })
    // The sample mean has variance σ²/n; the sample standard deviation about σ²/(2n).
    #expect(Swift.abs(Self.mean(values) - mean) <= Self.bound(variance: deviation * deviation))
    #expect(Swift.abs(Self.variance(values).squareRoot() - deviation) <= Self.bound(variance: deviation * deviation / 2))
    // P(|z| < 1) = 0.682689…, a binomial proportion.
    let p = 0.682_689_492
    let inside = Double(values.filter { Swift.abs($0 - mean) < deviation }.count) / Double(values.count)
    #expect(Swift.abs(inside - p) <= Self.bound(variance: p * (1 - p)))
  }

  @Test func normalKeepsTheShape() {
    #expect(Random.normal(Random.key(0), shape: [2, 3, 4]).shape == [2, 3, 4])
  }

  // MARK: Discrete distributions

  @Test func bernoulliHitsItsRate() {
    let p = 0.3
    let x = Random.bernoulli(Random.key(4), probability: p, shape: [Self.sampleCount])
    #expect(x.dtype == .bool)
    let rate = Double(x.scalars(as: Bool.self).filter { $0 }.count) / Double(Self.sampleCount)
    #expect(Swift.abs(rate - p) <= Self.bound(variance: p * (1 - p)))
  }

  @Test func bernoulliWithCertainProbabilitiesIsExact() {
    let probabilities = Tensor((0..<1000).map { Double($0 % 2) }, shape: [10, 100])
    let x = Random.bernoulli(Random.key(8), probability: probabilities)
    #expect(x.shape == [10, 100])
    #expect(x.scalars(as: Bool.self) == (0..<1000).map { $0 % 2 == 1 })
  }

  @Test(arguments: [DType.int64, .int32])
  func randintCoversItsRangeEvenly(dtype: DType) {
    let (low, high) = (-3, 5)
    let x = Random.randint(Random.key(6), shape: [Self.sampleCount], low: low, high: high, dtype: dtype)
    #expect(x.dtype == dtype)
    let values = x.scalars(as: Int.self)
    #expect(values.allSatisfy { low <= $0 && $0 < high })
    let span = high - low
    let share = 1 / Double(span)
    let slack = 5 * (Double(Self.sampleCount) * share * (1 - share)).squareRoot()
    for value in low..<high {
      let count = Double(values.filter { $0 == value }.count)
      #expect(Swift.abs(count - Double(Self.sampleCount) * share) <= slack, "value \(value): \(count)")
    }
  }

  @Test func randintOfAHugeRangeStaysInside() {
    let values = Random.randint(Random.key(12), shape: [10_000], low: -(1 << 40), high: 1 << 40).scalars(as: Int.self)
    #expect(values.allSatisfy { -(1 << 40) <= $0 && $0 < 1 << 40 })
    #expect(Set(values).count > 9_990)
  }

  @Test(arguments: [0, 1, 2, 17, 1000])
  func permutationIsAPermutation(count: Int) {
    let x = Random.permutation(Random.key(13), count: count)
    #expect(x.dtype == .int64)
    #expect(x.shape == [count])
    #expect(x.scalars(as: Int.self).sorted() == Array(0..<count))
  }

  @Test func permutationShuffles() {
    let order = Random.permutation(Random.key(14), count: 1000).scalars(as: Int.self)
    let fixedPoints = zip(order, 0..<1000).filter { $0 == $1 }.count
    // A random permutation has about one fixed point (Poisson(1)); 10 or more has probability ~10⁻⁷.
    #expect(fixedPoints < 10)
    #expect(Random.permutation(Random.key(15), count: 1000).scalars(as: Int.self) != order)
  }

  @Test func permutationOfATensorShufflesItsRows() {
    let x = Tensor((0..<20).map { Double($0) }, shape: [10, 2])
    let shuffled = Random.permutation(Random.key(16), x)
    #expect(shuffled.shape == [10, 2])
    let rows = shuffled.scalars(as: Double.self)
    let pairs = stride(from: 0, to: 20, by: 2).map { [rows[$0], rows[$0 + 1]] }
    #expect(pairs.allSatisfy { $0[1] == $0[0] + 1 && Int($0[0]) % 2 == 0 }, "rows move whole")
    #expect(pairs.sorted { $0[0] < $1[0] } == stride(from: 0, to: 20, by: 2).map { [Double($0), Double($0 + 1)] })
  }
}
