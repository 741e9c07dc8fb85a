import Foundation
import OlympusKernels
import Testing

extension ElementwiseTests {
  /// Sweeps of each vectorized transcendental against a more precise reference: float32 against
  /// glibc's double-precision functions (error well below 2^-40 relative, so effectively exact at
  /// float32), float64 against glibc's x87 extended-precision ones. Each asserts the bound
  /// documented at the kernel in Sources/COlympusKernels/elementwise/simd_math_*.c and prints the
  /// measured maximum.
  @Suite struct ULP {
    /// A function, its sweep range and its documented bound in ulps.
    struct Sweep: CustomTestStringConvertible, Sendable {
      let operation: UnaryOperation
      let range: ClosedRange<Double>
      let float32Bound: Double
      let float64Bound: Double?  // nil: float64 runs libm, not a vectorized kernel
      var testDescription: String { "\(operation)" }
    }

    static let sweeps: [Sweep] = [
      Sweep(operation: .exp, range: -110...100, float32Bound: 1, float64Bound: 1),
      Sweep(operation: .expm1, range: -30...100, float32Bound: 1.5, float64Bound: 2),
      Sweep(operation: .log, range: 0...Double(Float.greatestFiniteMagnitude), float32Bound: 1, float64Bound: 1),
      Sweep(operation: .log1p, range: -1...1e30, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .sin, range: -2e6...2e6, float32Bound: 1, float64Bound: nil),
      Sweep(operation: .cos, range: -2e6...2e6, float32Bound: 1, float64Bound: nil),
      Sweep(operation: .tanh, range: -12...12, float32Bound: 2.5, float64Bound: 2.5),
      Sweep(operation: .sigmoid, range: -120...120, float32Bound: 2.5, float64Bound: 2.5),
      Sweep(operation: .sqrt, range: 0...Double(Float.greatestFiniteMagnitude), float32Bound: 0.5, float64Bound: 0.5),
      Sweep(operation: .rsqrt, range: 0...Double(Float.greatestFiniteMagnitude), float32Bound: 1.5, float64Bound: 1.5),
      // Within 1 ulp of the correctly rounded result, that is below 1.5 ulp of the exact value: C
      // library functions where glibc 2.36 keeps that (worst here: float64 log10 1.46, asinh 1.38);
      // the others computed in double (float32 sinh, cosh, atanh, log10, erf, erfc) or x87
      // extended precision (float64 sinh, atanh, erfc, cbrt), see olympus_elementwise.h.
      Sweep(operation: .atan, range: -1e30...1e30, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .asin, range: -1...1, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .acos, range: -1...1, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .sinh, range: -90...90, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .cosh, range: -90...90, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .asinh, range: -1e30...1e30, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .acosh, range: 0...1e30, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .atanh, range: -1...1, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .erf, range: -10...10, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .erfc, range: -10...30, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .log2, range: 0...Double(Float.greatestFiniteMagnitude), float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .log10, range: 0...Double(Float.greatestFiniteMagnitude), float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .exp2, range: -160...130, float32Bound: 1.5, float64Bound: 1.5),
      Sweep(operation: .cbrt, range: -1e30...1e30, float32Bound: 1.5, float64Bound: 1.5),
    ]

    /// Special values every sweep includes.
    static let specials: [Double] = [
      0, -0.0, 1, -1, .infinity, -.infinity, .nan, Double(Float.leastNonzeroMagnitude),
      Double(Float.leastNormalMagnitude), Double(Float.greatestFiniteMagnitude), 88.72283, 88.72284, -87.33654,
      -103.97, -103.98, 9.0, 0x1p-30, -0x1p-30, Double(Float.pi / 2), Double(Float.pi), 1e20, -1e30, 3e38,
    ]

    /// `count` points in `range`: two thirds spread evenly over the bit patterns (so every binade
    /// gets its share, denormals included), one third uniform in value.
    static func points<F: BinaryFloatingPoint>(_ range: ClosedRange<Double>, count: Int, as: F.Type) -> [F]
    where F.RawSignificand: FixedWidthInteger {
      var rng = SplitMix64(seed: 0x0D1F_F00D)
      var result: [F] = specials.map { F($0) }
      let lo = F(range.lowerBound)
      let hi = F(range.upperBound)
      // Bit-pattern spread over the negative part [lo, 0] and the positive part [0, hi].
      let parts = [(lo < 0 ? -lo : 0, F(-1)), (hi > 0 ? hi : 0, F(1))].filter { $0.0 > 0 }
      let spreadCount = 2 * count / 3 / Swift.max(parts.count, 1)
      for (magnitude, sign) in parts {
        let steps =
          Double(magnitude.exponentBitPattern) * Double(1 << F.significandBitCount)
          + Double(magnitude.significandBitPattern)
        for k in 0..<spreadCount {
          let pattern = steps * Double(k) / Double(spreadCount)
          let exponent = pattern / Double(1 << F.significandBitCount)
          let value = F(
            sign: .plus, exponentBitPattern: F.RawExponent(exponent.rounded(.down)),
            significandBitPattern: F.RawSignificand(
              pattern.truncatingRemainder(dividingBy: Double(1 << F.significandBitCount))))
          result.append(sign * value)
        }
      }
      while result.count < count { result.append(F(Double.random(in: range, using: &rng))) }
      return result
    }

    /// Each sweep runs on the AVX-512 kernels (where the CPU has them and the operation has one)
    /// and on the AVX2 ones.
    @Test(arguments: sweeps, [true, false])
    func float32(_ sweep: Sweep, avx512: Bool) {
      let saved = (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled)
      defer { (SIMDPaths.isEnabled, SIMDPaths.isAVX512Enabled) = saved }
      SIMDPaths.isEnabled = true
      SIMDPaths.isAVX512Enabled = avx512
      let x = Self.points(sweep.range, count: 1 << 20, as: Float.self)
      var y = [Float](repeating: 0, count: x.count)
      x.withUnsafeBytes { input in
        y.withUnsafeMutableBytes { output in
          Elementwise.unary(
            sweep.operation, .float32, shape: [x.count], input: StridedView(input.baseAddress!, strides: [1]),
            output: output.baseAddress!)
        }
      }
      var worst = 0.0
      var worstX: Float = 0
      for i in x.indices {
        let v = Double(x[i])
        let reference: Double
        switch sweep.operation {
        case .sqrt: reference = v.squareRoot()
        case .rsqrt: reference = 1 / v.squareRoot()
        default: reference = preciseUnary(sweep.operation, v)
        }
        let error = ulpError(y[i], reference: reference)
        if !(error <= worst) {
          worst = error
          worstX = x[i]
        }
      }
      print(
        "ULP float32 \(sweep.operation)\(avx512 ? " (AVX-512 on)" : ""): max \(worst) at \(worstX) over \(x.count) points (bound \(sweep.float32Bound))"
      )
      #expect(worst <= sweep.float32Bound, "float32 \(sweep.operation): \(worst) ulp at \(worstX)")
    }

    #if arch(x86_64)
      @Test(arguments: sweeps.filter { $0.float64Bound != nil })
      func float64(_ sweep: Sweep) {
        let saved = SIMDPaths.isEnabled
        defer { SIMDPaths.isEnabled = saved }
        SIMDPaths.isEnabled = true
        let range = sweep.range.upperBound > 1e30 ? sweep.range.lowerBound...1e300 : sweep.range
        let wide = sweep.operation == .exp || sweep.operation == .expm1 || sweep.operation == .sigmoid
        let x = Self.points(wide ? range.lowerBound * 7...range.upperBound * 7 : range, count: 1 << 20, as: Double.self)
        var y = [Double](repeating: 0, count: x.count)
        x.withUnsafeBytes { input in
          y.withUnsafeMutableBytes { output in
            Elementwise.unary(
              sweep.operation, .float64, shape: [x.count], input: StridedView(input.baseAddress!, strides: [1]),
              output: output.baseAddress!)
          }
        }
        var worst = 0.0
        var worstX = 0.0
        for i in x.indices {
          let v = Float80(x[i])
          let reference: Float80
          switch sweep.operation {
          case .sqrt: reference = v.squareRoot()
          case .rsqrt: reference = 1 / v.squareRoot()
          default: reference = preciseUnary(sweep.operation, v)
          }
          let error = ulpError(y[i], reference: reference)
          if !(error <= worst) {
            worst = error
            worstX = x[i]
          }
        }
        let bound = sweep.float64Bound ?? 0
        print("ULP float64 \(sweep.operation): max \(worst) at \(worstX) over \(x.count) points (bound \(bound))")
        #expect(worst <= bound, "float64 \(sweep.operation): \(worst) ulp at \(worstX)")
      }
    #endif

    /// sin and cos near multiples of pi/2, where range reduction cancels most: the float32
    /// nearest k pi/2 and its neighbours for every k up to the reduction's limit of 2^20.
    @Test(arguments: [UnaryOperation.sin, .cos])
    func nearMultiplesOfHalfPi(_ operation: UnaryOperation) {
      let saved = SIMDPaths.isEnabled
      defer { SIMDPaths.isEnabled = saved }
      SIMDPaths.isEnabled = true
      var x: [Float] = []
      for k in 1...667_000 {
        let nearest = Float(Double(k) * Double.pi / 2)
        x += [nearest, nearest.nextUp, nearest.nextDown, -nearest]
      }
      var y = [Float](repeating: 0, count: x.count)
      x.withUnsafeBytes { input in
        y.withUnsafeMutableBytes { output in
          Elementwise.unary(
            operation, .float32, shape: [x.count], input: StridedView(input.baseAddress!, strides: [1]),
            output: output.baseAddress!)
        }
      }
      var worst = 0.0
      for i in x.indices {
        // The double reference itself reduces exactly (glibc's sin/cos use a Payne-Hanek
        // reduction), so it is correct even here.
        worst = Swift.max(worst, ulpError(y[i], reference: preciseUnary(operation, Double(x[i]))))
      }
      print("ULP float32 \(operation) near k pi/2: max \(worst) over \(x.count) points")
      #expect(worst <= 1)
    }
  }
}
