#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// Arithmetic operators and powers (Ops/Arithmetic.swift). A `Double` operand is a constant: the
// derivatives are taken with respect to the tensors only.

extension Tensor {
  @derivative(of: +)
  @usableFromInline static func _vjpAdd(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: +)
  }
  @derivative(of: +, wrt: lhs)
  @usableFromInline static func _vjpAdd(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 + rhs }
  }
  @derivative(of: +, wrt: rhs)
  @usableFromInline static func _vjpAdd(lhs: Double, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: rhs) { lhs + $0 }
  }
  @derivative(of: -)
  @usableFromInline static func _vjpSubtract(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: -)
  }
  @derivative(of: -, wrt: lhs)
  @usableFromInline static func _vjpSubtract(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 - rhs }
  }
  @derivative(of: -, wrt: rhs)
  @usableFromInline static func _vjpSubtract(lhs: Double, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: rhs) { lhs - $0 }
  }
  @derivative(of: *)
  @usableFromInline static func _vjpMultiply(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: *)
  }
  @derivative(of: *, wrt: lhs)
  @usableFromInline static func _vjpMultiply(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 * rhs }
  }
  @derivative(of: *, wrt: rhs)
  @usableFromInline static func _vjpMultiply(lhs: Double, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: rhs) { lhs * $0 }
  }
  @derivative(of: /)
  @usableFromInline static func _vjpDivide(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: /)
  }
  @derivative(of: /, wrt: lhs)
  @usableFromInline static func _vjpDivide(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 / rhs }
  }
  @derivative(of: /, wrt: rhs)
  @usableFromInline static func _vjpDivide(lhs: Double, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: rhs) { lhs / $0 }
  }
  @derivative(of: %)
  @usableFromInline static func _vjpRemainder(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: %)
  }
  @derivative(of: %, wrt: lhs)
  @usableFromInline static func _vjpRemainder(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 % rhs }
  }
  @derivative(of: %, wrt: rhs)
  @usableFromInline static func _vjpRemainder(lhs: Double, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: rhs) { lhs % $0 }
  }
  @derivative(of: -)
  @usableFromInline static func _vjpNegate(operand: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: operand) { -$0 }
  }

  @derivative(of: +=)
  @usableFromInline static func _vjpAddAssign(lhs: inout Tensor, rhs: Tensor) -> (value: Void, pullback: (inout Tensor) -> Tensor) {
    updating(&lhs, rhs, +)
  }
  @derivative(of: +=, wrt: lhs)
  @usableFromInline static func _vjpAddAssign(lhs: inout Tensor, rhs: Double) -> (value: Void, pullback: (inout Tensor) -> Void) {
    updating(&lhs) { $0 + rhs }
  }
  @derivative(of: -=)
  @usableFromInline static func _vjpSubtractAssign(lhs: inout Tensor, rhs: Tensor) -> (value: Void, pullback: (inout Tensor) -> Tensor) {
    updating(&lhs, rhs, -)
  }
  @derivative(of: -=, wrt: lhs)
  @usableFromInline static func _vjpSubtractAssign(lhs: inout Tensor, rhs: Double) -> (value: Void, pullback: (inout Tensor) -> Void) {
    updating(&lhs) { $0 - rhs }
  }
  @derivative(of: *=)
  @usableFromInline static func _vjpMultiplyAssign(lhs: inout Tensor, rhs: Tensor) -> (value: Void, pullback: (inout Tensor) -> Tensor) {
    updating(&lhs, rhs, *)
  }
  @derivative(of: *=, wrt: lhs)
  @usableFromInline static func _vjpMultiplyAssign(lhs: inout Tensor, rhs: Double) -> (value: Void, pullback: (inout Tensor) -> Void) {
    updating(&lhs) { $0 * rhs }
  }
  @derivative(of: /=)
  @usableFromInline static func _vjpDivideAssign(lhs: inout Tensor, rhs: Tensor) -> (value: Void, pullback: (inout Tensor) -> Tensor) {
    updating(&lhs, rhs, /)
  }
  @derivative(of: /=, wrt: lhs)
  @usableFromInline static func _vjpDivideAssign(lhs: inout Tensor, rhs: Double) -> (value: Void, pullback: (inout Tensor) -> Void) {
    updating(&lhs) { $0 / rhs }
  }

  /// The derivative of `lhs = operation(lhs, rhs)` in place: the pullback turns the cotangent of
  /// the new `lhs` into that of the old one and returns the cotangent of `rhs`.
  private static func updating(
    _ lhs: inout Tensor, _ rhs: Tensor, _ operation: @escaping (Tensor, Tensor) -> Tensor
  ) -> (value: Void, pullback: (inout Tensor) -> Tensor) {
    let (value, pullback) = olympusPullback(at: lhs, rhs, of: operation)
    lhs = value
    return ((), { cotangent in
      let (old, right) = pullback(cotangent)
      cotangent = old
      return right
    })
  }

  /// The derivative of `lhs = operation(lhs)` in place.
  private static func updating(
    _ lhs: inout Tensor, _ operation: @escaping (Tensor) -> Tensor
  ) -> (value: Void, pullback: (inout Tensor) -> Void) {
    let (value, pullback) = olympusPullback(at: lhs, of: operation)
    lhs = value
    return ((), { cotangent in cotangent = pullback(cotangent) })
  }
}

@derivative(of: pow(_:_:))
@usableFromInline func _vjpPow(_ base: Tensor, _ exponent: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: base, exponent, of: pow)
}
@derivative(of: pow(_:_:), wrt: base)
@usableFromInline func _vjpPow(_ base: Tensor, _ exponent: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: base) { pow($0, exponent) }
}
@derivative(of: pow(_:_:), wrt: exponent)
@usableFromInline func _vjpPow(_ base: Double, _ exponent: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: exponent) { pow(base, $0) }
}
@derivative(of: floorDivide(_:_:))
@usableFromInline func _vjpFloorDivide(_ lhs: Tensor, _ rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: lhs, rhs, of: floorDivide)
}
#endif
