/// The matrix exponential by scaling and squaring with diagonal Padé approximants (Higham 2005,
/// "The scaling and squaring method for the matrix exponential revisited", algorithm 2.3).
public enum MatrixExponential {
  /// Writes `exp(a)` of each `n × n` matrix of the batch to `output`. float32 matrices are
  /// computed in float64 and rounded once.
  public static func compute(
    _ type: ScalarType, _ a: UnsafeRawPointer, batch: Int, n: Int, output: UnsafeMutableRawPointer
  ) {
    require(type.isFloatingPoint, "Olympus internal error: expm of \(type)")
    let size = n * n
    for index in 0..<batch {
      var matrix = [Double](repeating: 0, count: size)
      for i in 0..<size {
        matrix[i] = type == .float32
          ? Double(a.load(fromByteOffset: (index * size + i) * 4, as: Float.self))
          : a.load(fromByteOffset: (index * size + i) * 8, as: Double.self)
      }
      let result = exponential(matrix, n)
      for i in 0..<size {
        if type == .float32 {
          output.storeBytes(of: Float(result[i]), toByteOffset: (index * size + i) * 4, as: Float.self)
        } else {
          output.storeBytes(of: result[i], toByteOffset: (index * size + i) * 8, as: Double.self)
        }
      }
    }
  }

  /// Padé degrees and the largest 1-norms for which each reaches float64 accuracy (Higham 2005,
  /// table 2.3).
  private static let degrees: [(degree: Int, theta: Double)] = [
    (3, 1.495585217958292e-2), (5, 2.539398330063230e-1), (7, 9.504178996162932e-1),
    (9, 2.097847961257068e0), (13, 5.371920351148152e0),
  ]

  /// `exp(a)` of one row-major `n × n` float64 matrix.
  static func exponential(_ a: [Double], _ n: Int) -> [Double] {
    guard n > 0 else { return [] }
    var norm = 0.0
    for j in 0..<n {
      var column = 0.0
      for i in 0..<n { column += abs(a[i * n + j]) }
      norm = max(norm, column)
    }
    guard norm.isFinite else { return [Double](repeating: .nan, count: n * n) }
    let (degree, theta) = degrees.first { norm <= $0.theta } ?? degrees[degrees.count - 1]
    // The fewest halvings that bring the norm within the degree's range.
    var squarings = 0
    var scale = 1.0
    while norm * scale > theta {
      squarings += 1
      scale /= 2
    }
    let scaled = a.map { $0 * scale }
    // p(x) = Σ cⱼ xʲ, q(x) = p(−x): U collects the odd terms (times A), V the even ones.
    var coefficients = [Double](repeating: 1, count: degree + 1)
    for j in 1...degree {
      coefficients[j] = coefficients[j - 1] * Double(degree - j + 1) / Double(j * (2 * degree - j + 1))
    }
    let identity = (0..<(n * n)).map { $0 / n == $0 % n ? 1.0 : 0.0 }
    let square = multiply(scaled, scaled, n)
    var even = identity.map { $0 * coefficients[0] }
    var odd = identity.map { $0 * coefficients[1] }
    var power = identity
    for j in stride(from: 2, through: degree, by: 2) {
      power = multiply(power, square, n)
      for i in 0..<(n * n) { even[i] += coefficients[j] * power[i] }
      if j + 1 <= degree {
        for i in 0..<(n * n) { odd[i] += coefficients[j + 1] * power[i] }
      }
    }
    let u = multiply(scaled, odd, n)
    let numerator = zip(even, u).map { $0 + $1 }
    let denominator = zip(even, u).map { $0 - $1 }
    var result = solve(denominator, numerator, n)
    for _ in 0..<squarings { result = multiply(result, result, n) }
    return result
  }

  /// `x` with `d·x = c` (`d` the Padé denominator, well conditioned for the chosen degree), by LU
  /// with partial pivoting.
  private static func solve(_ d: [Double], _ c: [Double], _ n: Int) -> [Double] {
    var lu = d
    var permutation = [Int32](repeating: 0, count: n)
    _ = lu.withUnsafeMutableBytes { lu in
      Factorization.lu(.float64, n: n, count: 1, data: lu.baseAddress!, permutations: &permutation)
    }
    var x = (0..<(n * n)).map { c[Int(permutation[$0 / n]) * n + $0 % n] }
    lu.withUnsafeBytes { lu in
      x.withUnsafeMutableBytes { x in
        Factorization.solveTriangular(
          .float64, n: n, k: n, count: 1, a: lu.baseAddress!, b: x.baseAddress!, lower: true, transposeA: false,
          unitDiagonal: true)
        Factorization.solveTriangular(
          .float64, n: n, k: n, count: 1, a: lu.baseAddress!, b: x.baseAddress!, lower: false, transposeA: false,
          unitDiagonal: false)
      }
    }
    return x
  }

  private static func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: n * n)
    a.withUnsafeBytes { a in
      b.withUnsafeBytes { b in
        c.withUnsafeMutableBytes { c in
          MatrixMultiply.multiply(
            .float64, transposeA: false, transposeB: false, m: n, n: n, k: n, a: a.baseAddress!, lda: n,
            b: b.baseAddress!, ldb: n, c: c.baseAddress!, ldc: n)
        }
      }
    }
    return c
  }
}
