#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// Comparisons, logical operations, tests and index-valued reductions (Ops/Comparisons.swift,
// Math.swift, Reductions.swift, Sorting.swift, Indexing.swift). Their results are not
// differentiable (booleans, integers), but they are `Tensor`s, so Swift would try to differentiate
// through them when an operand is active; these registrations return Olympus's pullbacks, which
// give zero cotangents, so `select(x .> 0, x, -x)` differentiates as it does under `grad`.

extension Tensor {
  @derivative(of: .==)
  @usableFromInline static func _vjpEqual(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .==)
  }
  @derivative(of: .==, wrt: lhs)
  @usableFromInline static func _vjpEqual(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 .== rhs }
  }
  @derivative(of: .!=)
  @usableFromInline static func _vjpNotEqual(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .!=)
  }
  @derivative(of: .!=, wrt: lhs)
  @usableFromInline static func _vjpNotEqual(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 .!= rhs }
  }
  @derivative(of: .<)
  @usableFromInline static func _vjpLess(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .<)
  }
  @derivative(of: .<, wrt: lhs)
  @usableFromInline static func _vjpLess(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 .< rhs }
  }
  @derivative(of: .<=)
  @usableFromInline static func _vjpLessOrEqual(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .<=)
  }
  @derivative(of: .<=, wrt: lhs)
  @usableFromInline static func _vjpLessOrEqual(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 .<= rhs }
  }
  @derivative(of: .>)
  @usableFromInline static func _vjpGreater(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .>)
  }
  @derivative(of: .>, wrt: lhs)
  @usableFromInline static func _vjpGreater(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 .> rhs }
  }
  @derivative(of: .>=)
  @usableFromInline static func _vjpGreaterOrEqual(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .>=)
  }
  @derivative(of: .>=, wrt: lhs)
  @usableFromInline static func _vjpGreaterOrEqual(lhs: Tensor, rhs: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: lhs) { $0 .>= rhs }
  }
  @derivative(of: .&)
  @usableFromInline static func _vjpAnd(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .&)
  }
  @derivative(of: .|)
  @usableFromInline static func _vjpOr(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .|)
  }
  @derivative(of: .^)
  @usableFromInline static func _vjpXor(lhs: Tensor, rhs: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: lhs, rhs, of: .^)
  }
  @derivative(of: .!)
  @usableFromInline static func _vjpNot(operand: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: operand) { .!$0 }
  }
  @derivative(of: argmax(axis:keepDims:), wrt: self)
  @usableFromInline func _vjpArgmax(axis: Int?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.argmax(axis: axis, keepDims: keepDims) }
  }
  @derivative(of: argmin(axis:keepDims:), wrt: self)
  @usableFromInline func _vjpArgmin(axis: Int?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.argmin(axis: axis, keepDims: keepDims) }
  }
  @derivative(of: all(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpAll(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.all(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: any(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpAny(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.any(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: argsort(axis:), wrt: self)
  @usableFromInline func _vjpArgsort(axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.argsort(axis: axis) }
  }
}

@derivative(of: logicalAnd(_:_:))
@usableFromInline func _vjpLogicalAnd(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: logicalAnd)
}
@derivative(of: logicalOr(_:_:))
@usableFromInline func _vjpLogicalOr(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: logicalOr)
}
@derivative(of: logicalXor(_:_:))
@usableFromInline func _vjpLogicalXor(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: logicalXor)
}
@derivative(of: logicalNot(_:))
@usableFromInline func _vjpLogicalNot(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x, of: logicalNot)
}
@derivative(of: isNaN(_:))
@usableFromInline func _vjpIsNaN(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x, of: isNaN)
}
@derivative(of: isFinite(_:))
@usableFromInline func _vjpIsFinite(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x, of: isFinite)
}
@derivative(of: oneHot(_:count:dtype:), wrt: indices)
@usableFromInline func _vjpOneHot(_ indices: Tensor, count: Int, dtype: DType) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: indices) { oneHot($0, count: count, dtype: dtype) }
}
#endif
