#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// The bridge every registered derivative goes through: Olympus's own `vjp(at:of:)` on the
// operation, with the cotangent Swift hands in matched to the output first. There is no second
// rule set: the pullbacks are Olympus's.

/// The value of `f` at `x` and Olympus's pullback of it, as a `@derivative(of:)` returns them.
func olympusPullback(at x: Tensor, of f: (Tensor) -> Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  let (value, pullback) = vjp(at: x, of: f)
  return (value, { pullback(value.matchingCotangent($0)) })
}

/// `olympusPullback(at:of:)` for a function of two tensors.
func olympusPullback(
  at a: Tensor, _ b: Tensor, of f: (Tensor, Tensor) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  let (value, pullback) = vjp(at: [a, b]) { (inputs: [Tensor]) in f(inputs[0], inputs[1]) }
  return (
    value,
    { cotangent in
      let gradients = pullback(value.matchingCotangent(cotangent))
      return (gradients[0], gradients[1])
    }
  )
}

/// `olympusPullback(at:of:)` for a function of three tensors.
func olympusPullback(
  at a: Tensor, _ b: Tensor, _ c: Tensor, of f: (Tensor, Tensor, Tensor) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Tensor)) {
  let (value, pullback) = vjp(at: [a, b, c]) { (inputs: [Tensor]) in f(inputs[0], inputs[1], inputs[2]) }
  return (
    value,
    { cotangent in
      let gradients = pullback(value.matchingCotangent(cotangent))
      return (gradients[0], gradients[1], gradients[2])
    }
  )
}
#endif
