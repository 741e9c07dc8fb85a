#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// Elementwise functions (Ops/Math.swift and the free functions of Primitives/Elementwise).

@derivative(of: exp(_:))
@usableFromInline func _vjpExp(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: exp) }
@derivative(of: log(_:))
@usableFromInline func _vjpLog(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: log) }
@derivative(of: log1p(_:))
@usableFromInline func _vjpLog1p(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: log1p) }
@derivative(of: expm1(_:))
@usableFromInline func _vjpExpm1(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: expm1) }
@derivative(of: sqrt(_:))
@usableFromInline func _vjpSqrt(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: sqrt) }
@derivative(of: rsqrt(_:))
@usableFromInline func _vjpRsqrt(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: rsqrt) }
@derivative(of: sin(_:))
@usableFromInline func _vjpSin(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: sin) }
@derivative(of: cos(_:))
@usableFromInline func _vjpCos(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: cos) }
@derivative(of: tan(_:))
@usableFromInline func _vjpTan(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: tan) }
@derivative(of: tanh(_:))
@usableFromInline func _vjpTanh(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: tanh) }
@derivative(of: sigmoid(_:))
@usableFromInline func _vjpSigmoid(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: sigmoid) }
@derivative(of: abs(_:))
@usableFromInline func _vjpAbs(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: abs) }
@derivative(of: sign(_:))
@usableFromInline func _vjpSign(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: sign) }
@derivative(of: floor(_:))
@usableFromInline func _vjpFloor(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: floor) }
@derivative(of: ceil(_:))
@usableFromInline func _vjpCeil(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: ceil) }
@derivative(of: round(_:))
@usableFromInline func _vjpRound(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: round) }
@derivative(of: reciprocal(_:))
@usableFromInline func _vjpReciprocal(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: reciprocal) }
@derivative(of: exp2(_:))
@usableFromInline func _vjpExp2(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: exp2) }
@derivative(of: atanh(_:))
@usableFromInline func _vjpAtanh(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: atanh) }
@derivative(of: sinh(_:))
@usableFromInline func _vjpSinh(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: sinh) }
@derivative(of: atan(_:))
@usableFromInline func _vjpAtan(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: atan) }
@derivative(of: erfc(_:))
@usableFromInline func _vjpErfc(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: erfc) }
@derivative(of: erfinv(_:))
@usableFromInline func _vjpErfinv(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: erfinv) }
@derivative(of: log2(_:))
@usableFromInline func _vjpLog2(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: log2) }
@derivative(of: acos(_:))
@usableFromInline func _vjpAcos(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: acos) }
@derivative(of: cosh(_:))
@usableFromInline func _vjpCosh(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: cosh) }
@derivative(of: asin(_:))
@usableFromInline func _vjpAsin(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: asin) }
@derivative(of: asinh(_:))
@usableFromInline func _vjpAsinh(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: asinh) }
@derivative(of: erf(_:))
@usableFromInline func _vjpErf(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: erf) }
@derivative(of: digamma(_:))
@usableFromInline func _vjpDigamma(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: digamma) }
@derivative(of: lgamma(_:))
@usableFromInline func _vjpLgamma(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: lgamma) }
@derivative(of: acosh(_:))
@usableFromInline func _vjpAcosh(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: acosh) }
@derivative(of: log10(_:))
@usableFromInline func _vjpLog10(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: log10) }
@derivative(of: cbrt(_:))
@usableFromInline func _vjpCbrt(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: cbrt) }
@derivative(of: stopGradient(_:))
@usableFromInline func _vjpStopGradient(_ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) { olympusPullback(at: x, of: stopGradient) }
@derivative(of: maximum(_:_:))
@usableFromInline func _vjpMaximum(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: maximum)
}
@derivative(of: minimum(_:_:))
@usableFromInline func _vjpMinimum(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: minimum)
}
@derivative(of: logAddExp(_:_:))
@usableFromInline func _vjpLogAddExp(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: logAddExp)
}
@derivative(of: atan2(_:_:))
@usableFromInline func _vjpAtan2(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: atan2)
}
@derivative(of: xlogy(_:_:))
@usableFromInline func _vjpXlogy(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: xlogy)
}
@derivative(of: hypot(_:_:))
@usableFromInline func _vjpHypot(_ a: Tensor, _ b: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: a, b, of: hypot)
}
@derivative(of: maximum(_:_:), wrt: a)
@usableFromInline func _vjpMaximum(_ a: Tensor, _ b: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: a) { maximum($0, b) }
}
@derivative(of: minimum(_:_:), wrt: a)
@usableFromInline func _vjpMinimum(_ a: Tensor, _ b: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: a) { minimum($0, b) }
}
@derivative(of: clip(_:min:max:), wrt: x)
@usableFromInline func _vjpClip(_ x: Tensor, min lower: Double?, max upper: Double?) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { clip($0, min: lower, max: upper) }
}
@derivative(of: clip(_:min:max:))
@usableFromInline func _vjpClip(
  _ x: Tensor, min lower: Tensor, max upper: Tensor
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Tensor)) {
  olympusPullback(at: x, lower, upper) { clip($0, min: $1, max: $2) }
}
@derivative(of: polygamma(_:_:))
@usableFromInline func _vjpPolygamma(_ n: Tensor, _ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: n, x, of: polygamma)
}
@derivative(of: polygamma(_:_:), wrt: x)
@usableFromInline func _vjpPolygamma(_ n: Int, _ x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: x) { polygamma(n, $0) }
}
#endif
