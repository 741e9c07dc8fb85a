import Foundation
import OlympusKernels
import Testing

/// The attention kernels on every path (AVX-512, AVX2/FMA, portable) in both precisions against a
/// direct double-precision evaluation of the formulas: strided rows, several heads, masks with
/// arbitrary strides, causality, and sizes around the 64-key tile.
@Suite("Attention kernels")
struct AttentionKernelTests {
  /// One head's data in double precision: q [m, d], k [n, d], v [n, e] (rows `stride` apart,
  /// `stride ≥ d, e`), dOut [m, e], a mask and the pairs allowed.
  struct Head {
    let m, n, d, e, stride: Int
    let isCausal: Bool
    var q: [Double], k: [Double], v: [Double], dOut: [Double]
    var mask: [UInt8]?

    init(m: Int, n: Int, d: Int, e: Int, isCausal: Bool, masked: Bool, generator: inout SplitMix64) {
      (self.m, self.n, self.d, self.e, self.isCausal) = (m, n, d, e, isCausal)
      stride = Swift.max(d, e) + 3
      q = (0..<(m * stride)).map { _ in 2 * generator.unit() }
      k = (0..<(n * stride)).map { _ in 2 * generator.unit() }
      v = (0..<(n * stride)).map { _ in generator.unit() }
      dOut = (0..<(m * stride)).map { _ in generator.unit() }
      // Row 1 attends no key when masked.
      mask = masked ? (0..<(m * n)).map { $0 / n == 1 || generator.below(3) == 0 ? 0 : 1 } : nil
    }

    func allowed(_ i: Int, _ j: Int) -> Bool { (!isCausal || j <= i) && (mask.map { $0[i * n + j] != 0 } ?? true) }

    /// The output, the log-sum-exp and dq, dk, dv, directly.
    func reference(scale: Double) -> (o: [Double], lse: [Double], dq: [Double], dk: [Double], dv: [Double]) {
      var o = [Double](repeating: 0, count: m * e), lse = [Double](repeating: -.infinity, count: m)
      var p = [Double](repeating: 0, count: m * n)
      for i in 0..<m {
        var scores = [Double](repeating: -.infinity, count: n)
        for j in 0..<n where allowed(i, j) {
          scores[j] = scale * (0..<d).reduce(0) { $0 + q[i * stride + $1] * k[j * stride + $1] }
        }
        guard let top = scores.max(), top > -.infinity else { continue }
        let total = scores.reduce(0) { $0 + exp($1 - top) }
        lse[i] = top + log(total)
        for j in 0..<n { p[i * n + j] = exp(scores[j] - lse[i]) }
        for f in 0..<e { o[i * e + f] = (0..<n).reduce(0) { $0 + p[i * n + $1] * v[$1 * stride + f] } }
      }
      var dq = [Double](repeating: 0, count: m * d), dk = [Double](repeating: 0, count: n * d)
      var dv = [Double](repeating: 0, count: n * e)
      for i in 0..<m {
        let delta = (0..<e).reduce(0) { $0 + dOut[i * stride + $1] * o[i * e + $1] }
        for j in 0..<n where p[i * n + j] != 0 {
          let dp = (0..<e).reduce(0) { $0 + dOut[i * stride + $1] * v[j * stride + $1] }
          let ds = p[i * n + j] * (dp - delta) * scale
          for f in 0..<d {
            dq[i * d + f] += ds * k[j * stride + f]
            dk[j * d + f] += ds * q[i * stride + f]
          }
          for f in 0..<e { dv[j * e + f] += p[i * n + j] * dOut[i * stride + f] }
        }
      }
      return (o, lse, dq, dk, dv)
    }
  }

  /// Runs forward and backward for `heads` copies of the head data (head h scaled by 1 + h/4) in
  /// `Scalar` on the current path, returning o, lse, dq, dk, dv as doubles.
  func run<Scalar: BinaryFloatingPoint>(
    _: Scalar.Type, _ heads: [Head], scale: Double, delta: [[Double]]
  ) -> [[Double]] {
    let head = heads[0]
    let type: ScalarType = Scalar.self == Float.self ? .float32 : .float64
    func stacked(_ part: (Head) -> [Double]) -> [Scalar] { heads.flatMap { part($0).map { Scalar($0) } } }
    let (q, k, v, dOut) = (stacked(\.q), stacked(\.k), stacked(\.v), stacked(\.dOut))
    let masks = heads.flatMap { $0.mask ?? [] }
    let deltas = delta.flatMap { $0.map { Scalar($0) } }
    let shape = Attention.Shape(m: head.m, n: head.n, d: head.d, e: head.e, scale: scale, isCausal: head.isCausal)
    var o = [Scalar](repeating: 0, count: heads.count * head.m * head.e)
    var lse = [Scalar](repeating: 0, count: heads.count * head.m)
    var dq = [Scalar](repeating: 0, count: heads.count * head.m * head.d)
    var dk = [Scalar](repeating: 0, count: heads.count * head.n * head.d)
    var dv = [Scalar](repeating: 0, count: heads.count * head.n * head.e)
    let offsets = { (rows: Int) in (0..<heads.count).map { $0 * rows * head.stride } }
    q.withUnsafeBytes { q in
      k.withUnsafeBytes { k in
        v.withUnsafeBytes { v in
          dOut.withUnsafeBytes { dOut in
            masks.withUnsafeBufferPointer { masks in
              let operand = { (base: UnsafeRawBufferPointer, rows: Int) in
                Attention.Operand(base: base.baseAddress!, offsets: offsets(rows), rowStride: head.stride)
              }
              let mask = head.mask == nil ? nil : Attention.Mask(
                base: masks.baseAddress!, offsets: (0..<heads.count).map { $0 * head.m * head.n }, rowStride: head.n,
                columnStride: 1)
              o.withUnsafeMutableBytes { o in
                lse.withUnsafeMutableBytes { lse in
                  Attention.forward(
                    type, shape, q: operand(q, head.m), k: operand(k, head.n), v: operand(v, head.n), mask: mask,
                    output: o.baseAddress!, logSumExp: lse.baseAddress!)
                  deltas.withUnsafeBytes { deltas in
                    dq.withUnsafeMutableBytes { dq in
                      dk.withUnsafeMutableBytes { dk in
                        dv.withUnsafeMutableBytes { dv in
                          Attention.backward(
                            type, shape, q: operand(q, head.m), k: operand(k, head.n), v: operand(v, head.n), mask: mask,
                            logSumExp: UnsafeRawPointer(lse.baseAddress!), dOutput: operand(dOut, head.m),
                            delta: deltas.baseAddress!, dq: dq.baseAddress!, dk: dk.baseAddress!, dv: dv.baseAddress!)
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return [o, lse, dq, dk, dv].map { $0.map { Double($0) } }
  }

  /// Each path against the reference, in float64 to 1e-12 and float32 to 1e-4 of the largest
  /// magnitude per output: the terms are sums over at most 130 keys and 20 features of values
  /// below about 10 (scores up to 4·|q·k|), whose float32 rounding stays near 1e-5 relative.
  @Test(arguments: [
    (5, 7, 4, 3, false, false), (64, 64, 8, 8, true, false), (65, 65, 16, 5, true, true),
    (9, 130, 20, 17, false, true), (70, 3, 2, 1, true, false),
  ])
  func pathsMatchReference(_ sizes: (Int, Int, Int, Int, Bool, Bool)) {
    let (m, n, d, e, isCausal, masked) = sizes
    var generator = SplitMix64(seed: UInt64(m * 1000 + n))
    let heads = (0..<3).map { _ in Head(m: m, n: n, d: d, e: e, isCausal: isCausal, masked: masked, generator: &generator) }
    let scale = 2 / Double(d).squareRoot()
    let references = heads.map { $0.reference(scale: scale) }
    let delta = zip(heads, references).map { head, reference in
      (0..<head.m).map { i in (0..<head.e).reduce(0) { $0 + head.dOut[i * head.stride + $1] * reference.o[i * head.e + $1] } }
    }
    let expected: [[Double]] = [
      references.flatMap(\.o), references.flatMap(\.lse), references.flatMap(\.dq), references.flatMap(\.dk),
      references.flatMap(\.dv),
    ]
    ElementwiseTests.withBothSIMDPaths { simd in
      for (precision, results) in [(1e-12, run(Double.self, heads, scale: scale, delta: delta)), (1e-4, run(Float.self, heads, scale: scale, delta: delta))] {
        for (index, (got, want)) in zip(results, expected).enumerated() {
          let magnitude = Swift.max(1, want.filter(\.isFinite).map(Swift.abs).max() ?? 0)
          let worst = zip(got, want).map { $1.isFinite ? Swift.abs($0 - $1) : ($0 == $1 ? 0 : .infinity) }.max() ?? 0
          #expect(worst <= precision * magnitude, "output \(index) sizes \(sizes) simd \(simd) precision \(precision): \(worst)")
        }
      }
    }
  }
}
