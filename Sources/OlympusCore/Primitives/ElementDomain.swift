/// The element types a primitive accepts.
public enum ElementDomain: Sendable {
  /// `float32` and `float64`.
  case floatingPoint
  /// Floating point and integers.
  case numeric
  /// `bool` only.
  case boolean
  /// Every type.
  case any

  /// Whether `dtype` belongs to the domain.
  public func contains(_ dtype: DType) -> Bool {
    switch self {
    case .floatingPoint: dtype.isFloatingPoint
    case .numeric: dtype != .bool
    case .boolean: dtype == .bool
    case .any: true
    }
  }

  /// `floating-point`, `numeric` …, for error messages.
  var name: String {
    switch self {
    case .floatingPoint: "floating-point"
    case .numeric: "numeric"
    case .boolean: "bool"
    case .any: "any"
    }
  }
}

/// Checks the number of inputs a primitive got.
func expectArity(_ primitive: some Primitive, _ inputs: [TensorType], _ count: Int) throws(OlympusError) {
  guard inputs.count == count else {
    throw OlympusError(primitive.description, "expects \(count) inputs, got \(inputs.count)")
  }
}
