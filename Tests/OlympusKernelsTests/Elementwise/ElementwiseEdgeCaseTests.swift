import Foundation
import OlympusKernels
import Testing

extension ElementwiseTests {
  /// Special inputs of the float functions, on both paths and both float types. Each value is
  /// repeated to fill several vectors so the SIMD main loop (not only the staged tail) sees it.
  /// Approximate checks use each kernel's documented ulp bound (simd_math_f32.c / simd_math_f64.c,
  /// asserted by the ULP suite), which also covers glibc's functions on the portable path; float64
  /// checks against a double-precision libm reference allow one ulp more for the reference's own
  /// rounding.
  @Suite struct EdgeCases {
    /// Applies `operation` to `values` as float32 and float64 on both paths and hands each
    /// (input, float32 result, float64 result) to `check`.
    func forEach(
      _ operation: UnaryOperation, _ values: [Double],
      _ check: (_ x: Double, _ single: Float, _ double: Double, _ simd: Bool) -> Void
    ) {
      let repeats = 5
      let x = (0..<repeats).flatMap { _ in values }
      withBothSIMDPaths { simd in
        let single = x.map { Float($0) }
        var singleOut = [Float](repeating: 7, count: x.count)
        var doubleOut = [Double](repeating: 7, count: x.count)
        single.withUnsafeBytes { input in
          singleOut.withUnsafeMutableBytes { output in
            Elementwise.unary(
              operation, .float32, shape: [x.count], input: StridedView(input.baseAddress!, strides: [1]),
              output: output.baseAddress!)
          }
        }
        x.withUnsafeBytes { input in
          doubleOut.withUnsafeMutableBytes { output in
            Elementwise.unary(
              operation, .float64, shape: [x.count], input: StridedView(input.baseAddress!, strides: [1]),
              output: output.baseAddress!)
          }
        }
        for i in x.indices { check(x[i], singleOut[i], doubleOut[i], simd) }
      }
    }

    /// Expects both results to be exactly `expected` (NaN matching NaN, and the sign of zero).
    func expectExactly(_ operation: UnaryOperation, _ cases: [(Double, Double)]) {
      let table = Dictionary(cases.map { ($0.0.bitPattern, $0.1) }, uniquingKeysWith: { a, _ in a })
      forEach(operation, cases.map(\.0)) { x, single, double, simd in
        let want = table[x.bitPattern]!
        let same = { (got: Double) in got.isNaN ? want.isNaN : (got == want && got.sign == want.sign) }
        #expect(same(Double(single)), "\(operation)(\(x)) float32 = \(single), want \(want), simd=\(simd)")
        #expect(same(double), "\(operation)(\(x)) float64 = \(double), want \(want), simd=\(simd)")
      }
    }

    @Test func exp() {
      expectExactly(
        .exp,
        [
          (0, 1), (-0.0, 1), (.infinity, .infinity), (-.infinity, 0), (.nan, .nan), (1000, .infinity), (-1000, 0),
          (-800, 0),
        ])
      // Overflow and underflow thresholds of float32: e^89 overflows, e^-104 underflows to 0,
      // e^-100 is a float32 denormal (about 3.7e-44), e^-740 a float64 denormal.
      forEach(.exp, [89, -104, -100, 710, -740]) { x, single, double, _ in
        if x == 89 { #expect(single == .infinity && double > 4e38) }
        if x == -104 { #expect(single == 0) }
        if x == -100 {
          #expect(
            single > 0 && single < Float.leastNormalMagnitude && ulpError(single, reference: Foundation.exp(x)) <= 1)
        }
        if x == 710 { #expect(double == .infinity) }
        if x == -740 { #expect(double > 0 && double < Double.leastNormalMagnitude) }
      }
    }

    @Test func expm1() {
      expectExactly(
        .expm1,
        [(0, 0), (-0.0, -0.0), (.infinity, .infinity), (-.infinity, -1), (.nan, .nan), (-100, -1), (1000, .infinity)])
      forEach(.expm1, [1e-30, -1e-30, 88.5]) { x, single, double, _ in
        #expect(ulpError(single, reference: Foundation.expm1(x)) <= 1.5, "expm1(\(x)) = \(single)")
        #expect(double == Foundation.expm1(x) || Swift.abs(double - Foundation.expm1(x)) <= 3 * Foundation.expm1(x).ulp)
      }
    }

    @Test func log() {
      expectExactly(
        .log,
        [
          (0, -.infinity), (-0.0, -.infinity), (-1, .nan), (-.infinity, .nan), (.infinity, .infinity), (.nan, .nan),
          (1, 0),
        ])
      // Denormal inputs: log of the smallest float32 denormal is -149 ln 2.
      forEach(.log, [Double(Float.leastNonzeroMagnitude), 0x1p-1030]) { x, single, double, _ in
        if Float(x) != 0 { #expect(ulpError(single, reference: Foundation.log(x)) <= 1) }
        #expect(Swift.abs(double - Foundation.log(x)) <= 2 * Foundation.log(x).ulp)
      }
    }

    @Test func log1p() {
      expectExactly(.log1p, [(-1, -.infinity), (-2, .nan), (.infinity, .infinity), (.nan, .nan), (0, 0), (-0.0, -0.0)])
      forEach(.log1p, [1e-30, -1e-7, 1e30]) { x, single, double, _ in
        #expect(ulpError(single, reference: Foundation.log1p(x)) <= 1.5, "log1p(\(x)) = \(single)")
      }
    }

    @Test func sigmoid() {
      expectExactly(
        .sigmoid,
        [
          (.infinity, 1), (-.infinity, 0), (1000, 1), (-1000, 0), (.nan, .nan), (0, 0.5), (-0.0, 0.5),
        ])
      // Far left the result is e^x itself, down into the denormals (never NaN, never a spurious 0).
      forEach(.sigmoid, [-95, -100, -700]) { x, single, double, _ in
        if x > -104 { #expect(single > 0 && ulpError(single, reference: Foundation.exp(x)) <= 2.5) }
        #expect(double > 0 && Swift.abs(double - Foundation.exp(x)) <= 3.5 * Foundation.exp(x).ulp)
      }
    }

    @Test func tanh() {
      expectExactly(
        .tanh,
        [
          (.infinity, 1), (-.infinity, -1), (20, 1), (-20, -1), (1e30, 1), (.nan, .nan), (0, 0), (-0.0, -0.0),
        ])
    }

    @Test func sinAndCos() {
      expectExactly(.sin, [(0, 0), (-0.0, -0.0), (.infinity, .nan), (-.infinity, .nan), (.nan, .nan)])
      expectExactly(.cos, [(0, 1), (-0.0, 1), (.infinity, .nan), (.nan, .nan)])
      // Large arguments: within the vectorized reduction's range (up to 2^20) and beyond it, where
      // the kernel hands the lanes to libm; the double reference reduces exactly.
      let large: [Double] = [1e5, -7.5e5, 1048575.9, 1_048_577, 1e10, -3e38, 1e300]
      for operation in [UnaryOperation.sin, .cos] {
        forEach(operation, large) { x, single, double, _ in
          if Swift.abs(x) < 3.4e38 {
            #expect(
              ulpError(single, reference: preciseUnary(operation, Double(Float(x)))) <= 1,
              "\(operation)(\(x)) = \(single)")
          }
          #expect(Swift.abs(double - preciseUnary(operation, x)) <= preciseUnary(operation, x).ulp)
        }
      }
    }

    @Test func rootsAndRounding() {
      expectExactly(.sqrt, [(4, 2), (0, 0), (-0.0, -0.0), (-1, .nan), (.infinity, .infinity), (.nan, .nan)])
      expectExactly(.rsqrt, [(4, 0.5), (0, .infinity), (-0.0, -.infinity), (-1, .nan), (.infinity, 0), (.nan, .nan)])
      expectExactly(
        .round,
        [(0.5, 0), (1.5, 2), (2.5, 2), (-0.5, -0.0), (-2.5, -2), (3.7, 4), (.infinity, .infinity), (.nan, .nan)])
      expectExactly(.floor, [(-0.5, -1), (0.5, 0), (-0.0, -0.0), (2, 2), (-.infinity, -.infinity)])
      expectExactly(.ceil, [(-0.5, -0.0), (0.5, 1), (2, 2), (.infinity, .infinity)])
      expectExactly(.sign, [(-3, -1), (3, 1), (-0.0, 0), (.nan, .nan), (-.infinity, -1)])
    }
  }
}
