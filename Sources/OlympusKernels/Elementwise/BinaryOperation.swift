import COlympusKernels

/// An elementwise operation on two tensors of one type.
///
/// Raw values are explicit and equal those of the C kernels' list `OLK_BINARY_OPERATIONS`
/// (olympus_elementwise.h); OperationTableTests checks every case against it by name. Arithmetic
/// (`add` … `minimum`) takes numeric types and gives the same type; comparisons take any type and
/// give bool; logical operations take and give bool; `tanhGradient` … `geluTanhGradient` take floating
/// point.
public enum BinaryOperation: Int32, Sendable, CaseIterable {
  /// `a + b`; integers wrap.
  case add = 0
  /// `a - b`; integers wrap.
  case subtract = 1
  /// `a * b`; integers wrap.
  case multiply = 2
  /// `a / b`; integers floor-divide (Python `//`) and give 0 for a zero divisor.
  case divide = 3
  /// `a` to the power `b`; integers by repeated squaring, wrapping, and a negative exponent gives
  /// 1 for base 1, ±1 for base -1 and 0 otherwise.
  case power = 4
  /// Python-style remainder (numpy.remainder): the result has the divisor's sign; `x % 0` is 0
  /// for integers and NaN for floats.
  case remainder = 5
  /// The larger operand; NaN if either is NaN (numpy.maximum).
  case maximum = 6
  /// The smaller operand; NaN if either is NaN (numpy.minimum).
  case minimum = 7
  /// `a == b`.
  case equal = 8
  /// `a != b` (true when either is NaN).
  case notEqual = 9
  /// `a < b`.
  case less = 10
  /// `a <= b`.
  case lessEqual = 11
  /// `a > b`.
  case greater = 12
  /// `a >= b`.
  case greaterEqual = 13
  /// `a && b` on bool.
  case logicalAnd = 14
  /// `a || b` on bool.
  case logicalOr = 15
  /// `a != b` on bool.
  case logicalXor = 16
  /// `b · (1 − a²)` on floating point: the derivative of `tanh` at the output `a`, times `b`.
  case tanhGradient = 17
  /// The angle of the point `(b, a)`: `atan(a / b)` in the right quadrant, in [−π, π] (C's
  /// `atan2(y, x)` with `y = a`).
  case atan2 = 18
  /// `√(a² + b²)` without overflow or underflow in the squares.
  case hypot = 19
  /// `a · log(b)`, and 0 wherever `a` is 0 (JAX's `xlogy`).
  case xlogy = 20
  /// `ψ⁽ᵃ⁾(b)`, the `a`-th derivative of digamma for whole `a >= 0` (NaN otherwise; SciPy's
  /// `polygamma`); computed in double.
  case polygamma = 21
  /// `b` times the derivative of GELU at `a`, `b·(Φ(a) + a·φ(a))`, computed in double.
  case geluGradient = 22
  /// `b` times the derivative of GELU's tanh form at `a`.
  case geluTanhGradient = 23

  /// Whether the operation compares its operands and gives bool.
  public var isComparison: Bool {
    switch self {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
    default: false
    }
  }

  /// The element type of the result for operands of `type` (logical operations take bool).
  func resultType(for type: ScalarType) -> ScalarType { isComparison ? .bool : type }

  /// The operation as the C kernels spell it.
  var cValue: olk_binary_op { olk_binary_op(rawValue: UInt32(rawValue)) }

  /// Whether the C kernels define the operation on `type`.
  func isDefined(for type: ScalarType) -> Bool {
    olk_binary(cValue, type.cValue, nil, 0, nil, 0, nil, 0, 0) == 0
  }

  /// The fewest elements worth a thread for operands of `type`, so that a chunk runs for several
  /// microseconds against the ~1 µs fork and join: arithmetic and comparisons stream at ~0.05 ns
  /// per element, integer division, remainder and power take ~1 ns, float power and remainder
  /// (libm) 3-5 ns. With the pool's workers awake, a float32 add of 2^16 elements took 4.3 µs on
  /// one thread and 3.3 µs on two; at 2^15 one thread was faster (1.9 against 2.6 µs). atan2,
  /// hypot and xlogy call the C library (~10-40 ns); polygamma sums up to 10 + n powers (~0.3-1 µs).
  func minimumParallelChunk(for type: ScalarType) -> Int {
    switch self {
    case .power, .remainder: type.isFloatingPoint ? 1 << 10 : 1 << 12
    case .atan2, .hypot, .xlogy, .geluTanhGradient: 1 << 10
    case .geluGradient: type == .float32 ? 1 << 10 : 1 << 5
    case .polygamma: 1 << 5
    case .divide: type.isFloatingPoint ? 1 << 16 : 1 << 12
    default: 1 << 15
    }
  }
}
