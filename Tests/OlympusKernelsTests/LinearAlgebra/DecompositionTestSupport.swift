import Foundation
import OlympusKernels

/// Test matrices for the decompositions, row-major in float64, from a seeded generator.
enum TestMatrix {
  /// The kinds the acceptance criteria name.
  enum Kind: String, CaseIterable, Sendable {
    /// Entries uniform in [-1, 1).
    case random
    /// `U·diag(σ)·Vᵀ` with random orthogonal factors and σ spread geometrically from 1 to 1e-12.
    case illConditioned
    /// `D·B·D` with `B` random and `D = diag(10^(−12·i/(n−1)))`: rows and columns graded over
    /// twelve orders of magnitude.
    case graded
  }

  /// An `m × n` matrix of `kind`; `symmetric` makes it symmetric (`m` must equal `n`).
  static func make(_ kind: Kind, m: Int, n: Int, symmetric: Bool = false, seed: UInt64) -> [Double] {
    var random = SplitMix64(seed: seed)
    func uniform() -> Double { Double.random(in: -1..<1, using: &random) }
    switch kind {
    case .random:
      let b = (0..<(m * n)).map { _ in uniform() }
      return symmetric ? symmetrized(b, n) : b
    case .graded:
      let b = (0..<(m * n)).map { _ in uniform() }
      let source = symmetric ? symmetrized(b, n) : b
      func grade(_ i: Int, _ count: Int) -> Double { count > 1 ? pow10(-12 * Double(i) / Double(count - 1)) : 1 }
      return (0..<(m * n)).map { source[$0] * grade($0 / n, m) * grade($0 % n, n) }
    case .illConditioned:
      let k = min(m, n)
      let sigma = (0..<k).map { k > 1 ? pow10(-12 * Double($0) / Double(k - 1)) : 1 }
      let left = orthogonal(m, &random)
      let right = symmetric ? left : orthogonal(n, &random)
      // Symmetric: alternate signs so that the eigenvalues are not all positive.
      let values = symmetric ? sigma.enumerated().map { $0.offset % 2 == 0 ? $0.element : -$0.element } : sigma
      var a = [Double](repeating: 0, count: m * n)
      for i in 0..<m {
        for j in 0..<n {
          var sum = 0.0
          for l in 0..<k { sum += left[i * m + l] * values[l] * right[j * n + l] }
          a[i * n + j] = sum
        }
      }
      return symmetric ? symmetrized(a, n) : a
    }
  }

  /// `(b + bᵀ)/2` of an `n × n` matrix.
  static func symmetrized(_ b: [Double], _ n: Int) -> [Double] {
    (0..<(n * n)).map { (b[$0] + b[($0 % n) * n + $0 / n]) / 2 }
  }

  /// `10^x`.
  static func pow10(_ x: Double) -> Double { pow(10, x) }

  /// A random `n × n` orthogonal matrix: a product of `n` Householder reflections of random
  /// vectors, applied to the identity (independent of the code under test).
  static func orthogonal(_ n: Int, _ random: inout SplitMix64) -> [Double] {
    var q = [Double](repeating: 0, count: n * n)
    for i in 0..<n { q[i * n + i] = 1 }
    for _ in 0..<min(n, 8) {
      let v = (0..<n).map { _ in Double.random(in: -1..<1, using: &random) }
      let vv = v.reduce(0) { $0 + $1 * $1 }
      guard vv > 0 else { continue }
      for j in 0..<n {
        var dot = 0.0
        for i in 0..<n { dot += v[i] * q[i * n + j] }
        let scale = 2 * dot / vv
        for i in 0..<n { q[i * n + j] -= scale * v[i] }
      }
    }
    return q
  }
}

/// Dense helpers on row-major float64 matrices.
enum Dense {
  /// `a (m × k) · b (k × n)`, with either operand read transposed.
  static func multiply(
    _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, transposeA: Bool = false, transposeB: Bool = false
  ) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for l in 0..<k {
        let x = transposeA ? a[l * m + i] : a[i * k + l]
        if x == 0 { continue }
        for j in 0..<n { c[i * n + j] += x * (transposeB ? b[j * k + l] : b[l * n + j]) }
      }
    }
    return c
  }

  /// The Frobenius norm.
  static func norm(_ a: [Double]) -> Double {
    let largest = a.reduce(0) { max($0, abs($1)) }
    guard largest > 0 else { return 0 }
    return largest * a.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
  }

  /// `‖a − b‖_F`.
  static func distance(_ a: [Double], _ b: [Double]) -> Double { norm(zip(a, b).map { $0 - $1 }) }

  /// `‖QᵀQ − I‖₂` for the `k` columns of the `m × k` matrix `q` (the usual measure of lost
  /// orthogonality), estimated by 300 steps of the power method on the symmetric `QᵀQ − I` from
  /// a fixed start: the estimate converges from below to within a few percent, far inside the
  /// factor between the bound and the values measured.
  static func orthogonalityError(_ q: [Double], m: Int, k: Int) -> Double {
    var gram = multiply(q, q, m: k, k: m, n: k, transposeA: true)
    for i in 0..<k { gram[i * k + i] -= 1 }
    var x = (0..<k).map { 1 + Double($0 % 7) / 7 }
    var estimate = 0.0
    for _ in 0..<300 {
      let y = multiply(gram, x, m: k, k: k, n: 1)
      let size = norm(y)
      guard size > 0 else { return 0 }
      estimate = size / norm(x)
      x = y.map { $0 / size }
    }
    return estimate
  }
}
