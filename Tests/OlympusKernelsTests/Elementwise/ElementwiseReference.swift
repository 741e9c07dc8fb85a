import Foundation
import OlympusKernels

// Naive twins of the elementwise kernels, one element at a time, in plain Swift.

extension ElementwiseTests {
  #if arch(x86_64)
    /// The precision float64 transcendentals are checked against.
    typealias Wide = Float80
  #else
    typealias Wide = Double
  #endif

  /// What a kernel must produce for one element.
  enum Expectation {
    /// This value exactly (NaN matching NaN, ±0 matching each other).
    case exact(Scalar)
    /// A float32 within `ulps` of the more precise `reference`.
    case float32(Double, ulps: Double)
    /// A float64 within `ulps` of the more precise `reference`.
    case float64(Wide, ulps: Double)

    func accepts(_ value: Scalar) -> Bool {
      switch (self, value) {
      case (.exact(let expected), _): expected.matches(value)
      case (.float32(let reference, let ulps), .f32(let v)): ulpError(v, reference: reference) <= ulps
      case (.float64(let reference, let ulps), .f64(let v)): wideUlpError(v, reference: reference) <= ulps
      default: false
      }
    }
  }

  /// `ulpError` for float64 against the wide reference.
  static func wideUlpError(_ value: Double, reference: Wide) -> Double {
    #if arch(x86_64)
      ulpError(value, reference: reference)
    #else
      if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN ? 0 : .infinity }
      if value == reference { return 0 }
      return Swift.abs(value - reference) / Swift.max(reference.ulp, Double.leastNonzeroMagnitude)
    #endif
  }

  /// Tolerance for float transcendentals against the precise reference in the layout tests: the
  /// larger of the AVX2 kernels' documented bounds (at most 2.5 ulp, asserted exactly by the ULP
  /// sweeps) and glibc's published bounds for the libm functions the portable path calls (at most
  /// 2 ulp, plus the two roundings of the sigmoid composition).
  static let transcendentalTolerance = 3.0

  // ---- which operations are defined (the specification, restated) ----

  static func isDefined(_ operation: UnaryOperation, _ type: ScalarType) -> Bool {
    switch operation {
    case .negate, .absolute, .sign: type != .bool
    case .logicalNot: type == .bool
    default: type.isFloatingPoint
    }
  }

  static func isDefined(_ operation: BinaryOperation, _ type: ScalarType) -> Bool {
    switch operation {
    case .add, .subtract, .multiply, .divide, .power, .remainder, .maximum, .minimum: type != .bool
    case .logicalAnd, .logicalOr, .logicalXor: type == .bool
    case .tanhGradient, .atan2, .hypot, .xlogy, .polygamma, .geluGradient, .geluTanhGradient: type.isFloatingPoint
    default: true
    }
  }

  // ---- unary ----

  static func expectedUnary(_ operation: UnaryOperation, _ x: Scalar) -> Expectation {
    if !hasTwin(operation) { return .exact(contiguousUnary(operation, x)) }
    switch x {
    case .f32(let v):
      if let exact = exactFloatUnary(operation, v) { return .exact(.f32(exact)) }
      return .float32(preciseUnary(operation, Double(v)), ulps: transcendentalTolerance)
    case .f64(let v):
      if let exact = exactFloatUnary(operation, v) { return .exact(.f64(exact)) }
      return .float64(preciseUnary(operation, Wide(v)), ulps: transcendentalTolerance)
    case .i32(let v): return .exact(.i32(integerUnary(operation, v)))
    case .i64(let v): return .exact(.i64(integerUnary(operation, v)))
    case .bool(let v): return .exact(.bool(!v))
    }
  }

  /// Whether a libm twin exists in a wider type. The special functions without one (their kernels
  /// are in ew_special.h) are checked here for layout only, against the same kernel on one
  /// contiguous element; their accuracy is measured against mpmath by OlympusCoreTests'
  /// SpecialMathTests. lgamma joins them: near its negative zeros neither glibc's double
  /// nor its extended version is relatively accurate enough to serve as a twin. So do the GELUs:
  /// their accuracy is relative to their condition (x²-sized in the tails), not a few ulps; the
  /// layer tests and OlympusCoreTests' GELU tests measure it.
  static func hasTwin(_ operation: UnaryOperation) -> Bool {
    ![.erfinv, .lgamma, .digamma, .gelu, .geluTanh].contains(operation)
  }

  /// The kernel's value for the single element `x` read contiguously.
  static func contiguousUnary(_ operation: UnaryOperation, _ x: Scalar) -> Scalar {
    let input = TestOutput(x.type, count: 1)
    x.store(to: input.storage, at: 0)
    let output = TestOutput(x.type, count: 1)
    Elementwise.unary(
      operation, x.type, shape: [1], input: StridedView(input.storage, strides: [1]), output: output.storage)
    return output[0]
  }

  /// The kernel's value for the single pair `(a, b)` read contiguously.
  static func contiguousBinary(_ operation: BinaryOperation, _ a: Scalar, _ b: Scalar) -> Scalar {
    let lhs = TestOutput(a.type, count: 1)
    let rhs = TestOutput(b.type, count: 1)
    a.store(to: lhs.storage, at: 0)
    b.store(to: rhs.storage, at: 0)
    let output = TestOutput(a.type, count: 1)
    Elementwise.binary(
      operation, a.type, shape: [1], lhs: StridedView(lhs.storage, strides: [1]),
      rhs: StridedView(rhs.storage, strides: [1]), output: output.storage)
    return output[0]
  }

  /// Operations whose float result is exactly determined (correctly rounded or exact).
  static func exactFloatUnary<F: BinaryFloatingPoint>(_ operation: UnaryOperation, _ v: F) -> F? {
    switch operation {
    case .negate: -v
    case .absolute: Swift.abs(v)
    case .sign: v.isNaN ? v : (v > 0 ? 1 : (v < 0 ? -1 : 0))
    case .sqrt: v.squareRoot()
    case .rsqrt: 1 / v.squareRoot()
    case .floor: v.rounded(.down)
    case .ceil: v.rounded(.up)
    case .round: v.rounded(.toNearestOrEven)
    default: nil
    }
  }

  /// Transcendentals in a wider type.
  static func preciseUnary<W: BinaryFloatingPoint & ElementaryMath>(_ operation: UnaryOperation, _ v: W) -> W {
    switch operation {
    case .exp: W.exp(v)
    case .log: W.log(v)
    case .log1p: W.log1p(v)
    case .expm1: W.expm1(v)
    case .sin: W.sin(v)
    case .cos: W.cos(v)
    case .tan: W.tan(v)
    case .tanh: W.tanh(v)
    case .sigmoid: v >= 0 ? 1 / (1 + W.exp(-v)) : W.exp(v) / (1 + W.exp(v))
    case .atan: W.atan(v)
    case .asin: W.asin(v)
    case .acos: W.acos(v)
    case .sinh: W.sinh(v)
    case .cosh: W.cosh(v)
    case .asinh: W.asinh(v)
    case .acosh: W.acosh(v)
    case .atanh: W.atanh(v)
    case .erf: W.erf(v)
    case .erfc: W.erfc(v)
    case .log2: W.log2(v)
    case .log10: W.log10(v)
    case .exp2: W.exp2(v)
    case .cbrt: W.cbrt(v)
    default: fatalError("\(operation) is not a transcendental")
    }
  }

  static func integerUnary<I: FixedWidthInteger & SignedInteger>(_ operation: UnaryOperation, _ v: I) -> I {
    switch operation {
    case .negate: 0 &- v
    case .absolute: v < 0 ? 0 &- v : v
    case .sign: v > 0 ? 1 : (v < 0 ? -1 : 0)
    default: fatalError("\(operation) is not defined on integers")
    }
  }

  /// The libm functions the twins need, on each float type.
  protocol ElementaryMath {
    static func exp(_ v: Self) -> Self
    static func log(_ v: Self) -> Self
    static func log1p(_ v: Self) -> Self
    static func expm1(_ v: Self) -> Self
    static func sin(_ v: Self) -> Self
    static func cos(_ v: Self) -> Self
    static func tan(_ v: Self) -> Self
    static func tanh(_ v: Self) -> Self
    static func pow(_ a: Self, _ b: Self) -> Self
    static func fmod(_ a: Self, _ b: Self) -> Self
    static func atan(_ v: Self) -> Self
    static func asin(_ v: Self) -> Self
    static func acos(_ v: Self) -> Self
    static func sinh(_ v: Self) -> Self
    static func cosh(_ v: Self) -> Self
    static func asinh(_ v: Self) -> Self
    static func acosh(_ v: Self) -> Self
    static func atanh(_ v: Self) -> Self
    static func erf(_ v: Self) -> Self
    static func erfc(_ v: Self) -> Self
    static func log2(_ v: Self) -> Self
    static func log10(_ v: Self) -> Self
    static func exp2(_ v: Self) -> Self
    static func cbrt(_ v: Self) -> Self
    static func atan2(_ a: Self, _ b: Self) -> Self
    static func hypot(_ a: Self, _ b: Self) -> Self
  }

  // ---- binary ----

  static func expectedBinary(_ operation: BinaryOperation, _ a: Scalar, _ b: Scalar) -> Scalar {
    switch (a, b) {
    case (.f32(let u), .f32(let v)): floatBinary(operation, u, v, wrap: Scalar.f32)
    case (.f64(let u), .f64(let v)): floatBinary(operation, u, v, wrap: Scalar.f64)
    case (.i32(let u), .i32(let v)): integerBinary(operation, u, v, wrap: Scalar.i32)
    case (.i64(let u), .i64(let v)): integerBinary(operation, u, v, wrap: Scalar.i64)
    case (.bool(let u), .bool(let v)): boolBinary(operation, u, v)
    default: fatalError("mismatched operand types")
    }
  }

  static func floatBinary<F: BinaryFloatingPoint & ElementaryMath>(
    _ operation: BinaryOperation, _ u: F, _ v: F, wrap: (F) -> Scalar
  ) -> Scalar {
    switch operation {
    case .add: wrap(u + v)
    case .subtract: wrap(u - v)
    case .multiply: wrap(u * v)
    case .divide: wrap(u / v)
    case .power: wrap(F.pow(u, v))
    case .remainder: wrap(pythonRemainder(u, v))
    case .maximum: wrap(u.isNaN || v.isNaN ? .nan : Swift.max(u, v))
    case .minimum: wrap(u.isNaN || v.isNaN ? .nan : Swift.min(u, v))
    case .tanhGradient: wrap(v * (1 - u * u))
    case .atan2: wrap(F.atan2(u, v))
    case .hypot: wrap(F.hypot(u, v))
    case .xlogy: wrap(u == 0 ? 0 : u * F.log(v))
    case .polygamma, .geluGradient, .geluTanhGradient: contiguousBinary(operation, wrap(u), wrap(v))
    default: .bool(compare(operation, u, v))
    }
  }

  /// numpy.remainder on floats: fmod, moved into the divisor's sign; zero takes the divisor's sign.
  static func pythonRemainder<F: BinaryFloatingPoint & ElementaryMath>(_ u: F, _ v: F) -> F {
    let r = F.fmod(u, v)
    if v == 0 || r.isNaN { return r }
    if r == 0 { return v < 0 ? -0.0 : 0 }
    return (r < 0) != (v < 0) ? r + v : r
  }

  static func compare<T: Comparable>(_ operation: BinaryOperation, _ u: T, _ v: T) -> Bool {
    switch operation {
    case .equal: u == v
    case .notEqual: u != v
    case .less: u < v
    case .lessEqual: u <= v
    case .greater: u > v
    case .greaterEqual: u >= v
    default: fatalError("\(operation) is not a comparison")
    }
  }

  static func integerBinary<I: FixedWidthInteger & SignedInteger>(
    _ operation: BinaryOperation, _ u: I, _ v: I, wrap: (I) -> Scalar
  ) -> Scalar {
    switch operation {
    case .add: return wrap(u &+ v)
    case .subtract: return wrap(u &- v)
    case .multiply: return wrap(u &* v)
    case .divide:
      // Python //: floor of the exact quotient; 0 for a zero divisor, wrapping for MIN // -1.
      if v == 0 { return wrap(0) }
      if v == -1 { return wrap(0 &- u) }
      let q = u / v
      return wrap(q * v != u && (u < 0) != (v < 0) ? q - 1 : q)
    case .remainder:
      if v == 0 || v == -1 { return wrap(0) }
      let r = u % v
      return wrap(r != 0 && (r < 0) != (v < 0) ? r + v : r)
    case .power: return wrap(integerPower(u, v))
    case .maximum: return wrap(Swift.max(u, v))
    case .minimum: return wrap(Swift.min(u, v))
    default: return .bool(compare(operation, u, v))
    }
  }

  /// u^v with wrapping, by binary exponentiation; negative exponents truncate 1/u^|v|.
  static func integerPower<I: FixedWidthInteger & SignedInteger>(_ u: I, _ v: I) -> I {
    if v < 0 { return u == 1 ? 1 : (u == -1 ? (v % 2 == 0 ? 1 : -1) : 0) }
    var result: I = 1
    var square = u
    var exponent = v
    while exponent > 0 {
      if exponent % 2 == 1 { result = result &* square }
      square = square &* square
      exponent /= 2
    }
    return result
  }

  static func boolBinary(_ operation: BinaryOperation, _ u: Bool, _ v: Bool) -> Scalar {
    switch operation {
    case .logicalAnd: .bool(u && v)
    case .logicalOr: .bool(u || v)
    case .logicalXor: .bool(u != v)
    default: .bool(compare(operation, u ? 1 : 0, v ? 1 : 0))
    }
  }

  // ---- cast ----

  static func expectedCast(_ x: Scalar, to destination: ScalarType) -> Scalar {
    switch x {
    case .f32(let v): convert(Double(v), to: destination)
    case .f64(let v): convert(v, to: destination, float32: Float(v))
    case .i32(let v): convert(integer: Int64(v), to: destination)
    case .i64(let v): convert(integer: v, to: destination)
    case .bool(let v): convert(integer: v ? 1 : 0, to: destination)
    }
  }

  /// A float (exactly representable as `v`, with its float32 rounding given when it came from
  /// float64) to `destination`.
  static func convert(_ v: Double, to destination: ScalarType, float32: Float? = nil) -> Scalar {
    switch destination {
    case .float32: .f32(float32 ?? Float(v))
    case .float64: .f64(v)
    case .int32: .i32(v.isNaN ? 0 : (v >= 2_147_483_648 ? .max : (v <= -2_147_483_648 ? .min : Int32(v))))
    case .int64: .i64(v.isNaN ? 0 : (v >= 0x1p63 ? .max : (v <= -0x1p63 ? .min : Int64(v))))
    case .bool: .bool(v != 0)
    }
  }

  static func convert(integer v: Int64, to destination: ScalarType) -> Scalar {
    switch destination {
    case .float32: .f32(Float(v))
    case .float64: .f64(Double(v))
    case .int32: .i32(Int32(truncatingIfNeeded: v))
    case .int64: .i64(v)
    case .bool: .bool(v != 0)
    }
  }
}

extension Double: ElementwiseTests.ElementaryMath {
  static func exp(_ v: Double) -> Double { Foundation.exp(v) }
  static func log(_ v: Double) -> Double { Foundation.log(v) }
  static func log1p(_ v: Double) -> Double { Foundation.log1p(v) }
  static func expm1(_ v: Double) -> Double { Foundation.expm1(v) }
  static func sin(_ v: Double) -> Double { Foundation.sin(v) }
  static func cos(_ v: Double) -> Double { Foundation.cos(v) }
  static func tan(_ v: Double) -> Double { Foundation.tan(v) }
  static func tanh(_ v: Double) -> Double { Foundation.tanh(v) }
  static func pow(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
  static func fmod(_ a: Double, _ b: Double) -> Double { Foundation.fmod(a, b) }
  static func atan(_ v: Double) -> Double { Foundation.atan(v) }
  static func asin(_ v: Double) -> Double { Foundation.asin(v) }
  static func acos(_ v: Double) -> Double { Foundation.acos(v) }
  static func sinh(_ v: Double) -> Double { Foundation.sinh(v) }
  static func cosh(_ v: Double) -> Double { Foundation.cosh(v) }
  static func asinh(_ v: Double) -> Double { Foundation.asinh(v) }
  static func acosh(_ v: Double) -> Double { Foundation.acosh(v) }
  static func atanh(_ v: Double) -> Double { Foundation.atanh(v) }
  static func erf(_ v: Double) -> Double { Foundation.erf(v) }
  static func erfc(_ v: Double) -> Double { Foundation.erfc(v) }
  static func log2(_ v: Double) -> Double { Foundation.log2(v) }
  static func log10(_ v: Double) -> Double { Foundation.log10(v) }
  static func exp2(_ v: Double) -> Double { Foundation.exp2(v) }
  static func cbrt(_ v: Double) -> Double { Foundation.cbrt(v) }
  static func atan2(_ a: Double, _ b: Double) -> Double { Foundation.atan2(a, b) }
  static func hypot(_ a: Double, _ b: Double) -> Double { Foundation.hypot(a, b) }
}

extension Float: ElementwiseTests.ElementaryMath {
  static func exp(_ v: Float) -> Float { Foundation.exp(v) }
  static func log(_ v: Float) -> Float { Foundation.log(v) }
  static func log1p(_ v: Float) -> Float { Foundation.log1p(v) }
  static func expm1(_ v: Float) -> Float { Foundation.expm1(v) }
  static func sin(_ v: Float) -> Float { Foundation.sin(v) }
  static func cos(_ v: Float) -> Float { Foundation.cos(v) }
  static func tan(_ v: Float) -> Float { Foundation.tan(v) }
  static func tanh(_ v: Float) -> Float { Foundation.tanh(v) }
  static func pow(_ a: Float, _ b: Float) -> Float { Foundation.pow(a, b) }
  static func fmod(_ a: Float, _ b: Float) -> Float { Foundation.fmod(a, b) }
  static func atan(_ v: Float) -> Float { Foundation.atan(v) }
  static func asin(_ v: Float) -> Float { Foundation.asin(v) }
  static func acos(_ v: Float) -> Float { Foundation.acos(v) }
  static func sinh(_ v: Float) -> Float { Foundation.sinh(v) }
  static func cosh(_ v: Float) -> Float { Foundation.cosh(v) }
  static func asinh(_ v: Float) -> Float { Foundation.asinh(v) }
  static func acosh(_ v: Float) -> Float { Foundation.acosh(v) }
  static func atanh(_ v: Float) -> Float { Foundation.atanh(v) }
  static func erf(_ v: Float) -> Float { Foundation.erf(v) }
  static func erfc(_ v: Float) -> Float { Foundation.erfc(v) }
  static func log2(_ v: Float) -> Float { Foundation.log2(v) }
  static func log10(_ v: Float) -> Float { Foundation.log10(v) }
  static func exp2(_ v: Float) -> Float { Foundation.exp2(v) }
  static func cbrt(_ v: Float) -> Float { Foundation.cbrt(v) }
  static func atan2(_ a: Float, _ b: Float) -> Float { Foundation.atan2(a, b) }
  static func hypot(_ a: Float, _ b: Float) -> Float { Foundation.hypot(a, b) }
}

#if arch(x86_64)
  extension Float80: ElementwiseTests.ElementaryMath {
    static func exp(_ v: Float80) -> Float80 { Foundation.exp(v) }
    static func log(_ v: Float80) -> Float80 { Foundation.log(v) }
    static func log1p(_ v: Float80) -> Float80 { Foundation.log1p(v) }
    static func expm1(_ v: Float80) -> Float80 { Foundation.expm1(v) }
    static func sin(_ v: Float80) -> Float80 { Foundation.sin(v) }
    static func cos(_ v: Float80) -> Float80 { Foundation.cos(v) }
    static func tan(_ v: Float80) -> Float80 { Foundation.tan(v) }
    static func tanh(_ v: Float80) -> Float80 { Foundation.tanh(v) }
    static func pow(_ a: Float80, _ b: Float80) -> Float80 { Foundation.pow(a, b) }
    static func fmod(_ a: Float80, _ b: Float80) -> Float80 { Foundation.fmod(a, b) }
    static func atan(_ v: Float80) -> Float80 { Foundation.atan(v) }
    static func asin(_ v: Float80) -> Float80 { Foundation.asin(v) }
    static func acos(_ v: Float80) -> Float80 { Foundation.acos(v) }
    static func sinh(_ v: Float80) -> Float80 { Foundation.sinh(v) }
    static func cosh(_ v: Float80) -> Float80 { Foundation.cosh(v) }
    static func asinh(_ v: Float80) -> Float80 { Foundation.asinh(v) }
    static func acosh(_ v: Float80) -> Float80 { Foundation.acosh(v) }
    static func atanh(_ v: Float80) -> Float80 { Foundation.atanh(v) }
    static func erf(_ v: Float80) -> Float80 { Foundation.erf(v) }
    static func erfc(_ v: Float80) -> Float80 { Foundation.erfc(v) }
    static func log2(_ v: Float80) -> Float80 { Foundation.log2(v) }
    static func log10(_ v: Float80) -> Float80 { Foundation.log10(v) }
    static func exp2(_ v: Float80) -> Float80 { Foundation.exp2(v) }
    static func cbrt(_ v: Float80) -> Float80 { Foundation.cbrt(v) }
    static func atan2(_ a: Float80, _ b: Float80) -> Float80 { Foundation.atan2(a, b) }
    static func hypot(_ a: Float80, _ b: Float80) -> Float80 { Foundation.hypot(a, b) }
  }
#endif

extension ElementwiseTests.Scalar {
  /// The element type.
  var type: ScalarType {
    switch self {
    case .f32: .float32
    case .f64: .float64
    case .i32: .int32
    case .i64: .int64
    case .bool: .bool
    }
  }
}
