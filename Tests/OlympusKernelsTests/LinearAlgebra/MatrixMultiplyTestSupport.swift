import OlympusKernels

/// An element type the matmul tests use, with a sentinel that marks padding and untouched output.
protocol GEMMTestScalar: Equatable {
  static var scalarType: ScalarType { get }
  /// NaN for floats, so reading padding poisons a result; a fixed bit pattern for integers.
  static var sentinel: Self { get }
  static func random(_ random: inout SplitMix64) -> Self
  var isSentinel: Bool { get }
}

extension Float: GEMMTestScalar {
  static var scalarType: ScalarType { .float32 }
  static var sentinel: Float { .nan }
  static func random(_ random: inout SplitMix64) -> Float { Float(random.unit()) }
  var isSentinel: Bool { isNaN }
}

extension Double: GEMMTestScalar {
  static var scalarType: ScalarType { .float64 }
  static var sentinel: Double { .nan }
  static func random(_ random: inout SplitMix64) -> Double { random.unit() }
  var isSentinel: Bool { isNaN }
}

extension Int32: GEMMTestScalar {
  static var scalarType: ScalarType { .int32 }
  static var sentinel: Int32 { 0x5A5A_5A5A }
  /// Full-range values, so products and sums wrap.
  static func random(_ random: inout SplitMix64) -> Int32 {
    Int32(truncatingIfNeeded: random.next())
  }
  var isSentinel: Bool { self == Self.sentinel }
}

extension Int64: GEMMTestScalar {
  static var scalarType: ScalarType { .int64 }
  static var sentinel: Int64 { 0x5A5A_5A5A_5A5A_5A5A }
  static func random(_ random: inout SplitMix64) -> Int64 { Int64(bitPattern: random.next()) }
  var isSentinel: Bool { self == Self.sentinel }
}

/// A stored row-major matrix whose row stride may exceed the width (the gap holds the sentinel),
/// be 0 (every row is the same memory) or be negative (rows run backwards through `storage`).
struct GEMMStoredMatrix<T: GEMMTestScalar> {
  let rows: Int, cols: Int, ld: Int
  var storage: [T]
  /// Index in `storage` of element (0, 0).
  let origin: Int

  init(rows: Int, cols: Int, ld: Int, _ make: () -> T) {
    (self.rows, self.cols, self.ld) = (rows, cols, ld)
    let span = rows == 0 ? 0 : (rows - 1) * abs(ld) + cols
    storage = Array(repeating: T.sentinel, count: max(span, 1))
    origin = ld < 0 ? max(rows - 1, 0) * -ld : 0
    for i in 0..<rows {
      for j in 0..<cols { storage[origin + i * ld + j] = make() }
    }
  }

  subscript(i: Int, j: Int) -> T { storage[origin + i * ld + j] }

  /// Storage indices that hold no element of the matrix.
  var paddingIndices: [Int] {
    var inside = Array(repeating: false, count: storage.count)
    for i in 0..<rows {
      for j in 0..<cols { inside[origin + i * ld + j] = true }
    }
    return storage.indices.filter { !inside[$0] }
  }
}

/// One product to test: op(A) is m×k, op(B) is k×n; `pad` is how far each row stride exceeds
/// its width, or `nil` for the special strides (0 for A, negative for B and C).
struct GEMMCase: CustomStringConvertible, Sendable {
  var m: Int, n: Int, k: Int
  var transposeA = false, transposeB = false
  var pad: Int? = 0

  var description: String {
    "\(m)×\(n)×\(k)\(transposeA ? " Aᵀ" : "")\(transposeB ? " Bᵀ" : "")"
      + (pad.map { $0 == 0 ? "" : " pad \($0)" } ?? " odd strides")
  }
}

/// Runs `c` through `MatrixMultiply.multiply` on `backend` and returns the operands and the result.
func runGEMMCase<T: GEMMTestScalar>(
  _ c: GEMMCase, _: T.Type, backend: MatrixMultiply.Backend, seed: UInt64
) -> (a: GEMMStoredMatrix<T>, b: GEMMStoredMatrix<T>, c: GEMMStoredMatrix<T>) {
  var random = SplitMix64(seed: seed)
  let (aRows, aCols) = c.transposeA ? (c.k, c.m) : (c.m, c.k)
  let (bRows, bCols) = c.transposeB ? (c.n, c.k) : (c.k, c.n)
  let lda = c.pad.map { aCols + $0 } ?? 0
  let ldb = c.pad.map { bCols + $0 } ?? -bCols
  let ldc = c.pad.map { c.n + $0 } ?? -(c.n + 3)
  let a = GEMMStoredMatrix<T>(rows: aRows, cols: aCols, ld: lda) { T.random(&random) }
  let b = GEMMStoredMatrix<T>(rows: bRows, cols: bCols, ld: ldb) { T.random(&random) }
  var result = GEMMStoredMatrix<T>(rows: c.m, cols: c.n, ld: ldc) { T.sentinel }
  a.storage.withUnsafeBytes { aBytes in
    b.storage.withUnsafeBytes { bBytes in
      result.storage.withUnsafeMutableBytes { cBytes in
        let size = MemoryLayout<T>.stride
        MatrixMultiply.multiply(
          T.scalarType, transposeA: c.transposeA, transposeB: c.transposeB, m: c.m, n: c.n, k: c.k,
          a: aBytes.baseAddress! + a.origin * size, lda: lda,
          b: bBytes.baseAddress! + b.origin * size, ldb: ldb,
          c: cBytes.baseAddress! + result.origin * size, ldc: ldc, backend: backend)
      }
    }
  }
  return (a, b, result)
}

/// op(X)[i, j] of a stored matrix.
func gemmOperand<T>(_ x: GEMMStoredMatrix<T>, transposed: Bool, _ i: Int, _ j: Int) -> T {
  transposed ? x[j, i] : x[i, j]
}
