import COlympusKernels

/// An elementwise operation on one tensor.
///
/// Raw values are explicit and equal those of the C kernels' list `OLK_UNARY_OPERATIONS`
/// (olympus_elementwise.h); OperationTableTests checks every case against it by name.
public enum UnaryOperation: Int32, Sendable, CaseIterable {
  /// `-x`; integers wrap. Numeric types.
  case negate = 0
  /// `|x|`; integers wrap at the minimum. Numeric types.
  case absolute = 1
  /// -1, 0 or 1 (NaN stays NaN, either zero gives +0). Numeric types.
  case sign = 2
  /// `e^x`. Floating point.
  case exp = 3
  /// Natural logarithm: -inf at 0, NaN below. Floating point.
  case log = 4
  /// `log(1 + x)`, accurate near 0. Floating point.
  case log1p = 5
  /// `e^x - 1`, accurate near 0. Floating point.
  case expm1 = 6
  /// Square root. Floating point.
  case sqrt = 7
  /// `1 / sqrt(x)`. Floating point.
  case rsqrt = 8
  /// Sine. Floating point.
  case sin = 9
  /// Cosine. Floating point.
  case cos = 10
  /// Tangent. Floating point.
  case tan = 11
  /// Hyperbolic tangent. Floating point.
  case tanh = 12
  /// Logistic function `1 / (1 + e^-x)`, without overflow for any x. Floating point.
  case sigmoid = 13
  /// Largest integer not above x. Floating point.
  case floor = 14
  /// Smallest integer not below x. Floating point.
  case ceil = 15
  /// Nearest integer, halves to even (like numpy.round). Floating point.
  case round = 16
  /// Logical negation. Bool only.
  case logicalNot = 17
  /// Inverse tangent, in (−π/2, π/2). Floating point.
  case atan = 18
  /// Inverse sine: NaN outside [−1, 1]. Floating point.
  case asin = 19
  /// Inverse cosine: NaN outside [−1, 1]. Floating point.
  case acos = 20
  /// Hyperbolic sine. Floating point.
  case sinh = 21
  /// Hyperbolic cosine. Floating point.
  case cosh = 22
  /// Inverse hyperbolic sine. Floating point.
  case asinh = 23
  /// Inverse hyperbolic cosine: NaN below 1. Floating point.
  case acosh = 24
  /// Inverse hyperbolic tangent: ±inf at ±1, NaN beyond. Floating point.
  case atanh = 25
  /// Error function. Floating point (float32 through double).
  case erf = 26
  /// Complementary error function `1 − erf(x)`, accurate in the tail. Floating point (float32
  /// through double).
  case erfc = 27
  /// Inverse error function: ±inf at ±1, NaN beyond. Floating point (float32 through double).
  case erfinv = 28
  /// `log |Γ(x)|`: +inf at the poles. Floating point (float32 through double).
  case lgamma = 29
  /// `ψ(x) = d/dx log Γ(x)`: −inf at +0, +inf at −0, NaN at the negative integers (SciPy's
  /// `psi`). Floating point (float32 through double).
  case digamma = 30
  /// Base-2 logarithm. Floating point.
  case log2 = 31
  /// Base-10 logarithm. Floating point.
  case log10 = 32
  /// `2^x`. Floating point.
  case exp2 = 33
  /// Cube root, negative for negative x. Floating point.
  case cbrt = 34
  /// The Gaussian error linear unit `x·Φ(x) = ½x·erfc(−x/√2)`, computed in double. Floating point.
  case gelu = 35
  /// GELU's tanh approximation `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`, as `x·σ(2√(2/π)(…))`.
  /// Floating point.
  case geluTanh = 36

  /// The operation as the C kernels spell it.
  var cValue: olk_unary_op { olk_unary_op(rawValue: UInt32(rawValue)) }

  /// Whether the C kernels define the operation on `type`.
  func isDefined(for type: ScalarType) -> Bool {
    olk_unary(cValue, type.cValue, nil, 0, nil, 0, 0) == 0
  }

  /// The fewest elements worth a thread for `type`, so that a chunk runs for several microseconds
  /// against the ~1 µs fork and join. Measured single-thread float32 costs here: cheap operations
  /// ~0.06 ns per element (2^16 in ~4 µs), the vectorized exp family ~0.2 ns (2^14 in ~3.5 µs),
  /// log1p ~0.5 ns (2^13 in ~4 µs), vectorized sin/cos ~0.9 ns (2^12 in ~3.7 µs), libm calls (tan;
  /// float64 sin/cos) ~9-11 ns (2^10 in ~10 µs). The other C library functions (atan … cbrt)
  /// took 20-40 ns per element on a busy machine (2^10 in 20-40 µs); the functions of
  /// Sources/COlympusKernels/elementwise/ew_special.h cost more: digamma ~130 ns (2^7), float32
  /// lgamma ~50 ns (2^8), erfinv (three refinement steps, each an erf and an exp) and the x87
  /// float64 lgamma, erfc and cbrt 400-600 ns (2^5 in ~15 µs). GELU costs what its sigmoid (tanh
  /// form, vectorized in float32) or its erfc (exact form) costs, plus a few multiplications.
  func minimumParallelChunk(for type: ScalarType) -> Int {
    switch self {
    case .negate, .absolute, .sign, .sqrt, .rsqrt, .floor, .ceil, .round, .logicalNot: 1 << 16
    case .exp, .log, .expm1, .tanh, .sigmoid: 1 << 14
    case .geluTanh: type == .float32 ? 1 << 13 : 1 << 10
    case .gelu: type == .float32 ? 1 << 10 : 1 << 5
    case .log1p: 1 << 13
    case .sin, .cos: type == .float32 ? 1 << 12 : 1 << 10
    case .tan, .atan, .asin, .acos, .sinh, .cosh, .asinh, .acosh, .atanh, .erf, .log2, .log10, .exp2: 1 << 10
    case .erfc, .cbrt: type == .float32 ? 1 << 10 : 1 << 5
    case .digamma: 1 << 7
    case .lgamma: type == .float32 ? 1 << 8 : 1 << 5
    case .erfinv: 1 << 5
    }
  }
}
