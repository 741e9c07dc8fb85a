import Foundation
import OlympusKernels
import Testing

extension ElementwiseTests {
  /// Outputs big enough (over 8 MiB per thread's share) for the non-temporal store path, with an
  /// output address that is not 32-byte aligned so the aligning head runs too.
  @Suite struct LargeOutputs {
    static let count = (20 << 20) / 4 + 13  // about 20 MiB of float32

    @Test func float32AddAndExp() {
      let n = Self.count
      let x = UnsafeMutablePointer<Float>.allocate(capacity: n)
      let storage = UnsafeMutablePointer<Float>.allocate(capacity: n + 1)
      defer {
        x.deallocate()
        storage.deallocate()
      }
      for i in 0..<n { x[i] = Float(i % 2000) * 0.01 - 10 }
      let y = storage + 1  // 4 bytes past the allocation's alignment
      withBothSIMDPaths { simd in
        var scalar: Float = 0.5
        Elementwise.binary(
          .add, .float32, shape: [n], lhs: StridedView(x, strides: [1]), rhs: StridedView(&scalar, strides: [0]),
          output: y)
        var wrong = 0
        for i in 0..<n where y[i] != x[i] + 0.5 { wrong += 1 }
        #expect(wrong == 0, "add simd=\(simd)")
        Elementwise.unary(.exp, .float32, shape: [n], input: StridedView(x, strides: [1]), output: y)
        wrong = 0
        // The documented exp bound (1 ulp; ElementwiseULPTests) on the SIMD path, libm's on the other.
        for i in 0..<n where ulpError(y[i], reference: Foundation.exp(Double(x[i]))) > 1 { wrong += 1 }
        #expect(wrong == 0, "exp simd=\(simd)")
      }
    }

    @Test func float64Subtract() {
      let n = Self.count / 2
      let x = UnsafeMutablePointer<Double>.allocate(capacity: n)
      let storage = UnsafeMutablePointer<Double>.allocate(capacity: n + 1)
      defer {
        x.deallocate()
        storage.deallocate()
      }
      for i in 0..<n { x[i] = Double(i) * 0.25 }
      let y = storage + 1
      withBothSIMDPaths { simd in
        Elementwise.binary(
          .subtract, .float64, shape: [n - 1], lhs: StridedView(x, strides: [1]), rhs: StridedView(x + 1, strides: [1]),
          output: y)
        var wrong = 0
        for i in 0..<(n - 1) where y[i] != -0.25 { wrong += 1 }
        #expect(wrong == 0, "subtract simd=\(simd)")
      }
    }
  }
}
