#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// Products and contractions (Ops/LinearAlgebra.swift, Ops/Einsum.swift: the array form of
// `einsum`; the compiler takes a variadic parameter for one tensor, so the variadic form cannot be
// registered), softmax
// (Ops/NeuralMath.swift), `select` (Ops/Comparisons.swift) and `Linalg` (Ops/Linalg).

@derivative(of: matmul(_:_:))
@usableFromInline func _vjpMatmul(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: matmul)
}
// With one constant operand (a batch of inputs), Swift uses the derivative with respect to the
// other alone, and Olympus's pullback skips the constant's product.
@derivative(of: matmul(_:_:), wrt: a)
@usableFromInline func _vjpMatmul(_ a: Tensor, constant b: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: a) { matmul($0, b) }
}
@derivative(of: matmul(_:_:), wrt: b)
@usableFromInline func _vjpMatmul(constant a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: b) { matmul(a, $0) }
}
@derivative(of: dot(_:_:))
@usableFromInline func _vjpDot(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: dot)
}
@derivative(of: outer(_:_:))
@usableFromInline func _vjpOuter(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: outer)
}
@derivative(of: tensordot(_:_:axes:), wrt: (a, b))
@usableFromInline func _vjpTensordot(_ a: Tensor, _ b: Tensor, axes: Int) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b) { tensordot($0, $1, axes: axes) }
}
@derivative(of: tensordot(_:_:axes:), wrt: (a, b))
@usableFromInline func _vjpTensordot(
  _ a: Tensor, _ b: Tensor, axes: ([Int], [Int])
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b) { tensordot($0, $1, axes: axes) }
}
@derivative(of: einsum(_:_:), wrt: operands)
@usableFromInline func _vjpEinsum(_ subscripts: String, _ operands: [Tensor]) -> (value: Tensor, pullback: (Tensor) -> Array<Tensor>.TangentVector) {
  joiningPullback(operands) { einsum(subscripts, $0) }
}

@derivative(of: softmax(_:axes:), wrt: x)
@usableFromInline func _vjpSoftmax(_ x: Tensor, axes: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { softmax($0, axes: axes) }
}
@derivative(of: logSoftmax(_:axes:), wrt: x)
@usableFromInline func _vjpLogSoftmax(_ x: Tensor, axes: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { logSoftmax($0, axes: axes) }
}

// The condition is differentiated too (its cotangent is zero): it is often computed from an
// active tensor (`select(x .> 0, x, -x)`), and Swift rejects an active argument that is not in
// `wrt`. The same holds for the index, label and key tensors of the operations below and in the
// other files.
@derivative(of: select(_:_:_:))
@usableFromInline func _vjpSelect(
  _ condition: Tensor, _ onTrue: Tensor, _ onFalse: Tensor
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Tensor)) {
  olympusPullback(at: condition, onTrue, onFalse, of: select)
}
@derivative(of: select(_:_:_:), wrt: (condition, onTrue))
@usableFromInline func _vjpSelect(_ condition: Tensor, _ onTrue: Tensor, _ onFalse: Double) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: condition, onTrue) { select($0, $1, onFalse) }
}
@derivative(of: select(_:_:_:), wrt: (condition, onFalse))
@usableFromInline func _vjpSelect(_ condition: Tensor, _ onTrue: Double, _ onFalse: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: condition, onFalse) { select($0, onTrue, $1) }
}

extension Linalg {
  @derivative(of: solve(_:_:))
  @usableFromInline static func _vjpSolve(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: a, b, of: solve)
  }
  @derivative(of: solveTriangular(_:_:lower:transposeA:unitDiagonal:), wrt: (a, b))
  @usableFromInline static func _vjpSolveTriangular(
    _ a: Tensor, _ b: Tensor, lower: Bool, transposeA: Bool, unitDiagonal: Bool
  ) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: a, b) { solveTriangular($0, $1, lower: lower, transposeA: transposeA, unitDiagonal: unitDiagonal) }
  }
  @derivative(of: lstsq(_:_:))
  @usableFromInline static func _vjpLstsq(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: a, b, of: lstsq)
  }
  @derivative(of: inv(_:))
  @usableFromInline static func _vjpInv(_ a: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: a, of: inv)
  }
  @derivative(of: det(_:))
  @usableFromInline static func _vjpDet(_ a: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: a, of: det)
  }
  @derivative(of: cholesky(_:))
  @usableFromInline static func _vjpCholesky(_ a: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: a, of: cholesky)
  }
  @derivative(of: expm(_:))
  @usableFromInline static func _vjpExpm(_ a: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: a, of: expm)
  }
  @derivative(of: pinv(_:))
  @usableFromInline static func _vjpPinv(_ a: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: a, of: pinv)
  }
  @derivative(of: norm(_:))
  @usableFromInline static func _vjpNorm(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: x) { norm($0) }
  }
  @derivative(of: norm(_:axes:keepDims:), wrt: x)
  @usableFromInline static func _vjpNorm(_ x: Tensor, axes: [Int], keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: x) { norm($0, axes: axes, keepDims: keepDims) }
  }
  @derivative(of: slogdet(_:))
  @usableFromInline static func _vjpSlogdet(_ a: Tensor) -> (value: (sign: Tensor, logAbsDet: Tensor), pullback: (Tensor, Tensor) -> Tensor) {
    let (values, pullback) = severalResultsPullback(at: a) { let result = slogdet($0); return [result.sign, result.logAbsDet] }
    return ((values[0], values[1]), { pullback([$0, $1]) })
  }
  @derivative(of: qr(_:))
  @usableFromInline static func _vjpQR(_ a: Tensor) -> (value: (q: Tensor, r: Tensor), pullback: (Tensor, Tensor) -> Tensor) {
    let (values, pullback) = severalResultsPullback(at: a) { let result = qr($0); return [result.q, result.r] }
    return ((values[0], values[1]), { pullback([$0, $1]) })
  }
  @derivative(of: eigh(_:))
  @usableFromInline static func _vjpEigh(
    _ a: Tensor
  ) -> (value: (eigenvalues: Tensor, eigenvectors: Tensor), pullback: (Tensor, Tensor) -> Tensor) {
    let (values, pullback) = severalResultsPullback(at: a) { let result = eigh($0); return [result.eigenvalues, result.eigenvectors] }
    return ((values[0], values[1]), { pullback([$0, $1]) })
  }
  @derivative(of: svd(_:))
  @usableFromInline static func _vjpSVD(_ a: Tensor) -> (value: (u: Tensor, s: Tensor, vt: Tensor), pullback: (Tensor, Tensor, Tensor) -> Tensor) {
    let (values, pullback) = severalResultsPullback(at: a) { let result = svd($0); return [result.u, result.s, result.vt] }
    return ((values[0], values[1], values[2]), { pullback([$0, $1, $2]) })
  }
  @derivative(of: luFactor(_:))
  @usableFromInline static func _vjpLUFactor(_ a: Tensor) -> (value: (lu: Tensor, permutation: Tensor), pullback: (Tensor, Tensor) -> Tensor) {
    let (values, pullback) = severalResultsPullback(at: a) { let result = luFactor($0); return [result.lu, result.permutation] }
    return ((values[0], values[1]), { pullback([$0, $1]) })
  }
}

/// Olympus's pullback of a function with several results, each cotangent matched to its result.
func severalResultsPullback(
  at a: Tensor, of f: (Tensor) -> [Tensor]
) -> (values: [Tensor], pullback: ([Tensor]) -> Tensor) {
  let (values, pullback) = vjp(at: a, of: f)
  return (values, { cotangents in pullback(zip(values, cotangents).map { $0.matchingCotangent($1) }) })
}
#endif
