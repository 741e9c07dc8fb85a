import COlympusKernels

/// An elementwise operation on one tensor.
///
/// Raw values match the C kernels' `olk_unary_op`.
public enum UnaryOperation: Int32, Sendable, CaseIterable {
  /// `-x`; integers wrap. Numeric types.
  case negate
  /// `|x|`; integers wrap at the minimum. Numeric types.
  case absolute
  /// -1, 0 or 1 (NaN stays NaN, either zero gives +0). Numeric types.
  case sign
  /// `e^x`. Floating point.
  case exp
  /// Natural logarithm: -inf at 0, NaN below. Floating point.
  case log
  /// `log(1 + x)`, accurate near 0. Floating point.
  case log1p
  /// `e^x - 1`, accurate near 0. Floating point.
  case expm1
  /// Square root. Floating point.
  case sqrt
  /// `1 / sqrt(x)`. Floating point.
  case rsqrt
  /// Sine. Floating point.
  case sin
  /// Cosine. Floating point.
  case cos
  /// Tangent. Floating point.
  case tan
  /// Hyperbolic tangent. Floating point.
  case tanh
  /// Logistic function `1 / (1 + e^-x)`, without overflow for any x. Floating point.
  case sigmoid
  /// Largest integer not above x. Floating point.
  case floor
  /// Smallest integer not below x. Floating point.
  case ceil
  /// Nearest integer, halves to even (like numpy.round). Floating point.
  case round
  /// Logical negation. Bool only.
  case logicalNot

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
  /// float64 sin/cos) ~9-11 ns (2^10 in ~10 µs).
  func minimumParallelChunk(for type: ScalarType) -> Int {
    switch self {
    case .negate, .absolute, .sign, .sqrt, .rsqrt, .floor, .ceil, .round, .logicalNot: 1 << 16
    case .exp, .log, .expm1, .tanh, .sigmoid: 1 << 14
    case .log1p: 1 << 13
    case .sin, .cos: type == .float32 ? 1 << 12 : 1 << 10
    case .tan: 1 << 10
    }
  }
}
