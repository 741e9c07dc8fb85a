/// Compares after promotion and broadcasting.
func compare(_ a: Tensor, _ b: Tensor, _ comparison: Compare.Comparison, _ operation: String) -> Tensor {
  elementwise(a, b, Compare(comparison), operation)
}

extension Tensor {
  /// Elementwise `==`, giving `bool`.
  public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, .equal, ".==") }
  /// Elementwise `==` against a number.
  public static func .== (lhs: Tensor, rhs: Double) -> Tensor { lhs .== scalarOperand(rhs, beside: lhs) }
  /// Elementwise `!=`, giving `bool`.
  public static func .!= (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, .notEqual, ".!=") }
  /// Elementwise `!=` against a number.
  public static func .!= (lhs: Tensor, rhs: Double) -> Tensor { lhs .!= scalarOperand(rhs, beside: lhs) }
  /// Elementwise `<`, giving `bool`.
  public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, .less, ".<") }
  /// Elementwise `<` against a number.
  public static func .< (lhs: Tensor, rhs: Double) -> Tensor { lhs .< scalarOperand(rhs, beside: lhs) }
  /// Elementwise `<=`, giving `bool`.
  public static func .<= (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, .lessEqual, ".<=") }
  /// Elementwise `<=` against a number.
  public static func .<= (lhs: Tensor, rhs: Double) -> Tensor { lhs .<= scalarOperand(rhs, beside: lhs) }
  /// Elementwise `>`, giving `bool`.
  public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, .greater, ".>") }
  /// Elementwise `>` against a number.
  public static func .> (lhs: Tensor, rhs: Double) -> Tensor { lhs .> scalarOperand(rhs, beside: lhs) }
  /// Elementwise `>=`, giving `bool`.
  public static func .>= (lhs: Tensor, rhs: Tensor) -> Tensor { compare(lhs, rhs, .greaterEqual, ".>=") }
  /// Elementwise `>=` against a number.
  public static func .>= (lhs: Tensor, rhs: Double) -> Tensor { lhs .>= scalarOperand(rhs, beside: lhs) }

  /// Elementwise logical and of `bool` tensors.
  public static func .& (lhs: Tensor, rhs: Tensor) -> Tensor { logicalAnd(lhs, rhs) }
  /// Elementwise logical or of `bool` tensors.
  public static func .| (lhs: Tensor, rhs: Tensor) -> Tensor { logicalOr(lhs, rhs) }
  /// Elementwise exclusive or of `bool` tensors.
  public static func .^ (lhs: Tensor, rhs: Tensor) -> Tensor { logicalXor(lhs, rhs) }
  /// Elementwise logical negation of a `bool` tensor.
  public static prefix func .! (operand: Tensor) -> Tensor { logicalNot(operand) }
}

/// Elementwise logical and; operands are converted to `bool` (non-zero is true) and broadcast.
public func logicalAnd(_ a: Tensor, _ b: Tensor) -> Tensor {
  elementwise(a.astype(.bool), b.astype(.bool), Logical(.and), "logicalAnd")
}
/// Elementwise logical or; operands are converted to `bool` and broadcast.
public func logicalOr(_ a: Tensor, _ b: Tensor) -> Tensor {
  elementwise(a.astype(.bool), b.astype(.bool), Logical(.or), "logicalOr")
}
/// Elementwise exclusive or; operands are converted to `bool` and broadcast.
public func logicalXor(_ a: Tensor, _ b: Tensor) -> Tensor {
  elementwise(a.astype(.bool), b.astype(.bool), Logical(.xor), "logicalXor")
}
/// Elementwise logical negation; the operand is converted to `bool`.
public func logicalNot(_ x: Tensor) -> Tensor { bind(LogicalNot(), x.astype(.bool)) }

/// Elementwise choice (NumPy's `where`): `onTrue` where `condition` holds, else `onFalse`.
/// The condition is converted to `bool`; all three broadcast together and the branches promote.
public func select(_ condition: Tensor, _ onTrue: Tensor, _ onFalse: Tensor) -> Tensor {
  checked { () throws(OlympusError) in
    let (a, b) = try promotedAndBroadcast(onTrue, onFalse, "select")
    guard let shape = broadcastShape(condition.shape, a.shape) else {
      throw OlympusError("select", "cannot broadcast condition \(condition.type) with branches \(a.type)")
    }
    return bind(Select(), condition.astype(.bool).broadcast(to: shape), a.broadcast(to: shape), b.broadcast(to: shape))
  }
}
/// Elementwise choice between a tensor and a number (which takes the tensor's type).
public func select(_ condition: Tensor, _ onTrue: Tensor, _ onFalse: Double) -> Tensor {
  select(condition, onTrue, scalarOperand(onFalse, beside: onTrue))
}
/// Elementwise choice between a number (which takes the tensor's type) and a tensor.
public func select(_ condition: Tensor, _ onTrue: Double, _ onFalse: Tensor) -> Tensor {
  select(condition, scalarOperand(onTrue, beside: onFalse), onFalse)
}
