import OlympusKernels

/// Test matrices (row-major, float64) of three kinds: random entries; a spectrum spread
/// geometrically from 1 to 10⁻ᵈ (condition number 10ᵈ) between random orthogonal factors; and
/// rows and columns graded by factors from 1 down to 10⁻⁶. The decades d are 12 for float64 and
/// 5 for float32: a float32 matrix of condition 10¹² (beyond 1/ε ≈ 10⁷) is numerically singular,
/// and not positive definite once rounded.
enum TestMatrices {
  static func symmetricPositiveDefinite(
    _ kind: FactorizationTests.Kind, n: Int, seed: UInt64, decades: Double = 12
  ) -> [Double] {
    var random = SplitMix64(seed: seed)
    switch kind {
    case .random:
      // BᵀB/n + I: eigenvalues between 1 and about 5.
      let b = (0..<(n * n)).map { _ in random.unit() }
      var a = [Double](repeating: 0, count: n * n)
      for i in 0..<n {
        for j in 0...i {
          var sum = 0.0
          for k in 0..<n { sum += b[k * n + i] * b[k * n + j] }
          a[i * n + j] = sum / Double(n) + (i == j ? 1 : 0)
          a[j * n + i] = a[i * n + j]
        }
      }
      return a
    case .illConditioned:
      let spectrum = (0..<n).map { pow10(-decades * Double($0) / Double(max(n - 1, 1))) }
      return orthogonalSimilarity(spectrum, &random)
    case .graded:
      let a = symmetricPositiveDefinite(.random, n: n, seed: seed)
      let d = grading(n)
      return (0..<(n * n)).map { a[$0] * d[$0 / n] * d[$0 % n] }
    }
  }

  static func general(_ kind: FactorizationTests.Kind, n: Int, seed: UInt64, decades: Double = 12) -> [Double] {
    var random = SplitMix64(seed: seed)
    switch kind {
    case .random:
      return (0..<(n * n)).map { _ in random.unit() }
    case .illConditioned:
      // Q·diag(s)·Qᵀ, then a second orthogonal factor from the right: U·Σ·Vᵀ.
      let spectrum = (0..<n).map { pow10(-decades * Double($0) / Double(max(n - 1, 1))) }
      var a = orthogonalSimilarity(spectrum, &random)
      applyReflectors(&a, n: n, &random, fromRight: true)
      return a
    case .graded:
      let d = grading(n)
      return (0..<(n * n)).map { random.unit() * d[$0 / n] }
    }
  }

  private static func grading(_ n: Int) -> [Double] {
    (0..<n).map { pow10(-6 * Double($0) / Double(max(n - 1, 1))) }
  }

  private static func pow10(_ x: Double) -> Double {
    var result = 1.0
    var exponent = x
    while exponent <= -1 {
      result /= 10
      exponent += 1
    }
    // 10^e for e in (-1, 0] by exp(e·ln 10) through its series (enough terms for full precision).
    let t = exponent * 2.302585092994046
    var term = 1.0
    var sum = 1.0
    for k in 1...30 {
      term *= t / Double(k)
      sum += term
    }
    return result * sum
  }

  /// Q·diag(spectrum)·Qᵀ with Q a product of three random Householder reflectors.
  private static func orthogonalSimilarity(_ spectrum: [Double], _ random: inout SplitMix64) -> [Double] {
    let n = spectrum.count
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { a[i * n + i] = spectrum[i] }
    var copy = random
    applyReflectors(&a, n: n, &random, fromRight: false)
    applyReflectors(&a, n: n, &copy, fromRight: true)
    return a
  }

  /// A ← H₃H₂H₁·A (or A·H₁H₂H₃ from the right) for three random reflectors H = I − 2vvᵀ/vᵀv.
  private static func applyReflectors(_ a: inout [Double], n: Int, _ random: inout SplitMix64, fromRight: Bool) {
    for _ in 0..<3 {
      let v = (0..<n).map { _ in random.unit() }
      let norm = v.reduce(0) { $0 + $1 * $1 }
      guard norm > 0 else { continue }
      if fromRight {
        for i in 0..<n {
          var dot = 0.0
          for k in 0..<n { dot += a[i * n + k] * v[k] }
          for k in 0..<n { a[i * n + k] -= 2 * dot / norm * v[k] }
        }
      } else {
        for j in 0..<n {
          var dot = 0.0
          for k in 0..<n { dot += v[k] * a[k * n + j] }
          for k in 0..<n { a[k * n + j] -= 2 * dot / norm * v[k] }
        }
      }
    }
  }
}
