/// A Swift type whose values can be tensor elements: `Float`, `Double`, `Int32`, `Int`, `Int64`,
/// `Bool`.
public protocol TensorScalar: Sendable {
  /// The element type of tensors made from this type.
  static var dtype: DType { get }
  /// Zero (or `false`): what reading a rejected value gives inside `withErrorChecking`.
  static var zero: Self { get }
}

extension Float: TensorScalar {
  /// `float32`.
  public static var dtype: DType { .float32 }
}

extension Double: TensorScalar {
  /// `float64`.
  public static var dtype: DType { .float64 }
}

extension Int32: TensorScalar {
  /// `int32`.
  public static var dtype: DType { .int32 }
}

extension Int: TensorScalar {
  /// `int64`.
  public static var dtype: DType { .int64 }
}

extension Int64: TensorScalar {
  /// `int64`.
  public static var dtype: DType { .int64 }
}

extension Bool: TensorScalar {
  /// `bool`.
  public static var dtype: DType { .bool }
  /// `false`.
  public static var zero: Bool { false }
}
