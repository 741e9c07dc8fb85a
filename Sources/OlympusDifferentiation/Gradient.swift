#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// `gradient(at:of:)` and `valueWithGradient(at:of:)` for functions returning a 0-d tensor (the
// standard library's take a floating-point scalar result).

/// The value of `f` at `x` and its gradient, for `f` returning a 0-d floating-point tensor.
///
/// ```swift
/// let (loss, tangent) = valueWithGradient(at: model) { model in model.loss(x, labels) }
/// ```
public func valueWithGradient<T: Differentiable>(
  at x: T, of f: @differentiable(reverse) (T) -> Tensor
) -> (value: Tensor, gradient: T.TangentVector) {
  let (value, pullback) = valueWithPullback(at: x, of: f)
  return (value, pullback(seed(for: value, "valueWithGradient(at:of:)")))
}

/// The gradient of `f` at `x`, for `f` returning a 0-d floating-point tensor.
///
/// ```swift
/// let g = gradient(at: x) { x in (sin(x) * x).sum() }   // a Tensor shaped like x
/// ```
public func gradient<T: Differentiable>(at x: T, of f: @differentiable(reverse) (T) -> Tensor) -> T.TangentVector {
  valueWithGradient(at: x, of: f).gradient
}

/// The value of `f` at `(x, y)` and its gradients with respect to both arguments.
public func valueWithGradient<T: Differentiable, U: Differentiable>(
  at x: T, _ y: U, of f: @differentiable(reverse) (T, U) -> Tensor
) -> (value: Tensor, gradient: (T.TangentVector, U.TangentVector)) {
  let (value, pullback) = valueWithPullback(at: x, y, of: f)
  return (value, pullback(seed(for: value, "valueWithGradient(at:_:of:)")))
}

/// The gradients of `f` at `(x, y)` with respect to both arguments.
public func gradient<T: Differentiable, U: Differentiable>(
  at x: T, _ y: U, of f: @differentiable(reverse) (T, U) -> Tensor
) -> (T.TangentVector, U.TangentVector) {
  valueWithGradient(at: x, y, of: f).gradient
}

/// The cotangent 1 of a 0-d floating-point result; anything else is rejected, naming `operation`.
private func seed(for value: Tensor, _ operation: String) -> Tensor {
  guard value.rank == 0 && value.dtype.isFloatingPoint else {
    return reject(OlympusError(operation, "the function must return a 0-d floating-point tensor, got \(value.type)"))
  }
  return Tensor.ones(like: value)
}
#endif
