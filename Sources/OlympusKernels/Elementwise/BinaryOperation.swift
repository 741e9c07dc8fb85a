import COlympusKernels

/// An elementwise operation on two tensors of one type.
///
/// Raw values match the C kernels' `olk_binary_op`. Arithmetic (`add` … `minimum`) takes numeric
/// types and gives the same type; comparisons take any type and give bool; logical operations take
/// and give bool; `tanhGradient` takes floating point.
public enum BinaryOperation: Int32, Sendable, CaseIterable {
  /// `a + b`; integers wrap.
  case add
  /// `a - b`; integers wrap.
  case subtract
  /// `a * b`; integers wrap.
  case multiply
  /// `a / b`; integers floor-divide (Python `//`) and give 0 for a zero divisor.
  case divide
  /// `a` to the power `b`; integers by repeated squaring, wrapping, and a negative exponent gives
  /// 1 for base 1, ±1 for base -1 and 0 otherwise.
  case power
  /// Python-style remainder (numpy.remainder): the result has the divisor's sign; `x % 0` is 0
  /// for integers and NaN for floats.
  case remainder
  /// The larger operand; NaN if either is NaN (numpy.maximum).
  case maximum
  /// The smaller operand; NaN if either is NaN (numpy.minimum).
  case minimum
  /// `a == b`.
  case equal
  /// `a != b` (true when either is NaN).
  case notEqual
  /// `a < b`.
  case less
  /// `a <= b`.
  case lessEqual
  /// `a > b`.
  case greater
  /// `a >= b`.
  case greaterEqual
  /// `a && b` on bool.
  case logicalAnd
  /// `a || b` on bool.
  case logicalOr
  /// `a != b` on bool.
  case logicalXor
  /// `b · (1 − a²)` on floating point: the derivative of `tanh` at the output `a`, times `b`.
  case tanhGradient

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
  /// one thread and 3.3 µs on two; at 2^15 one thread was faster (1.9 against 2.6 µs).
  func minimumParallelChunk(for type: ScalarType) -> Int {
    switch self {
    case .power, .remainder: type.isFloatingPoint ? 1 << 10 : 1 << 12
    case .divide: type.isFloatingPoint ? 1 << 16 : 1 << 12
    default: 1 << 15
    }
  }
}
