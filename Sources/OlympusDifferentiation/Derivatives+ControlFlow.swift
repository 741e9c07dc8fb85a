#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// Olympus's structured control flow (Transforms/ControlFlow*.swift), differentiated with respect
// to its tensors; the branch and body closures are part of the operation. `whileLoop` has no
// reverse-mode derivative in Olympus (as in JAX) and so none here.

// The predicate is differentiated too (a zero cotangent), since it is usually computed from an
// active tensor.
@derivative(of: cond(_:_:then:else:), wrt: (predicate, operand))
@usableFromInline func _vjpCond(
  _ predicate: Tensor, _ operand: Tensor, then thenBranch: (Tensor) -> Tensor, else elseBranch: (Tensor) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
  olympusPullback(at: predicate, operand) { cond($0, $1, then: thenBranch, else: elseBranch) }
}
@derivative(of: cond(_:_:then:else:), wrt: (predicate, operands))
@usableFromInline func _vjpCond(
  _ predicate: Tensor, _ operands: [Tensor], then thenBranch: ([Tensor]) -> [Tensor], else elseBranch: ([Tensor]) -> [Tensor]
) -> (value: [Tensor], pullback: (Array<Tensor>.TangentVector) -> (Tensor, Array<Tensor>.TangentVector)) {
  let (values, pullback) = listPullback(at: [predicate] + operands) { inputs in
    cond(inputs[0], Array(inputs.dropFirst()), then: thenBranch, else: elseBranch)
  }
  return (values, { cotangents in
    let gradients = pullback(cotangents).base
    return (gradients[0], .init(Array(gradients.dropFirst())))
  })
}
@derivative(of: forLoop(_:initial:body:), wrt: initial)
@usableFromInline func _vjpForLoop(
  _ range: Range<Int>, initial: Tensor, body: (_ index: Tensor, _ carry: Tensor) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  olympusPullback(at: initial) { forLoop(range, initial: $0, body: body) }
}
@derivative(of: forLoop(_:initial:body:), wrt: initial)
@usableFromInline func _vjpForLoop(
  _ range: Range<Int>, initial: [Tensor], body: (_ index: Tensor, _ carry: [Tensor]) -> [Tensor]
) -> (value: [Tensor], pullback: (Array<Tensor>.TangentVector) -> Array<Tensor>.TangentVector) {
  listPullback(at: initial) { forLoop(range, initial: $0, body: body) }
}
@derivative(of: scan(initial:over:reverse:body:), wrt: (initial, xs))
@usableFromInline func _vjpScan(
  initial: Tensor, over xs: Tensor, reverse: Bool, body: (_ carry: Tensor, _ x: Tensor) -> (carry: Tensor, y: Tensor)
) -> (value: (carry: Tensor, ys: Tensor), pullback: (Tensor, Tensor) -> (Tensor, Tensor)) {
  let (values, pullback) = vjp(at: [initial, xs]) { (inputs: [Tensor]) in
    let result = scan(initial: inputs[0], over: inputs[1], reverse: reverse, body: body)
    return [result.carry, result.ys]
  }
  return (
    (values[0], values[1]),
    { carry, ys in
      let gradients = pullback([values[0].matchingCotangent(carry), values[1].matchingCotangent(ys)])
      return (gradients[0], gradients[1])
    }
  )
}
@derivative(of: scan(initial:over:length:reverse:body:), wrt: (initial, xs))
@usableFromInline func _vjpScan(
  initial: [Tensor], over xs: [Tensor], length: Int?, reverse: Bool,
  body: (_ carry: [Tensor], _ x: [Tensor]) -> (carry: [Tensor], y: [Tensor])
) -> (
  value: (carry: [Tensor], ys: [Tensor]),
  pullback: (Array<Tensor>.TangentVector, Array<Tensor>.TangentVector) -> (Array<Tensor>.TangentVector, Array<Tensor>.TangentVector)
) {
  let (values, pullback) = vjp(at: [initial, xs]) { (inputs: [[Tensor]]) in
    let result = scan(initial: inputs[0], over: inputs[1], length: length, reverse: reverse, body: body)
    return [result.carry, result.ys]
  }
  return (
    (values[0], values[1]),
    { carry, ys in
      let gradients = pullback([matchingCotangents(carry, to: values[0]), matchingCotangents(ys, to: values[1])])
      return (.init(gradients[0]), .init(gradients[1]))
    }
  )
}

/// Olympus's pullback of a function from a list of tensors to a list of tensors, in Swift's
/// array tangents.
func listPullback(
  at inputs: [Tensor], of f: ([Tensor]) -> [Tensor]
) -> (value: [Tensor], pullback: (Array<Tensor>.TangentVector) -> Array<Tensor>.TangentVector) {
  let (values, pullback) = vjp(at: inputs, of: f)
  return (values, { .init(pullback(matchingCotangents($0, to: values))) })
}

/// Swift's cotangents of a list of results, one per result: matched to each, zero where Swift
/// gave none (a shorter or empty array is its zero).
func matchingCotangents(_ cotangents: Array<Tensor>.TangentVector, to values: [Tensor]) -> [Tensor] {
  values.indices.map { index in
    values[index].matchingCotangent(index < cotangents.base.count ? cotangents.base[index] : .zero)
  }
}
#endif
