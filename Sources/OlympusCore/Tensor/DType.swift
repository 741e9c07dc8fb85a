import OlympusKernels

/// The element type of a tensor.
///
/// Olympus follows JAX's promotion lattice: `bool` < integers < floating point, the wider type
/// winning within a kind, and a float of any width winning over every integer
/// (`int64 + float32` is `float32`, never a silent upcast to `float64`).
public enum DType: Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// 32-bit IEEE 754 floating point, the default for creation functions.
  case float32
  /// 64-bit IEEE 754 floating point.
  case float64
  /// 32-bit signed integer.
  case int32
  /// 64-bit signed integer, the type of Swift `Int` arrays and of indices.
  case int64
  /// Boolean, stored as one byte.
  case bool

  /// Whether values are floating point.
  @inlinable public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

  /// Whether values are signed integers.
  @inlinable public var isInteger: Bool { self == .int32 || self == .int64 }

  /// Bytes per element.
  @inlinable public var byteCount: Int { scalarType.byteCount }

  /// The kernels' name for this type.
  @inlinable public var scalarType: ScalarType {
    switch self {
    case .float32: .float32
    case .float64: .float64
    case .int32: .int32
    case .int64: .int64
    case .bool: .bool
    }
  }

  /// The NumPy spelling: `float32`, `int64`, `bool` …
  public var description: String {
    switch self {
    case .float32: "float32"
    case .float64: "float64"
    case .int32: "int32"
    case .int64: "int64"
    case .bool: "bool"
    }
  }

  /// The type both operands of a binary operation are converted to.
  public static func promoted(_ a: DType, _ b: DType) -> DType {
    if a == b { return a }
    if a.isFloatingPoint || b.isFloatingPoint {
      return (a == .float64 || b == .float64) ? .float64 : .float32
    }
    if a.isInteger || b.isInteger {
      return (a == .int64 || b == .int64) ? .int64 : .int32
    }
    return .bool
  }
}
