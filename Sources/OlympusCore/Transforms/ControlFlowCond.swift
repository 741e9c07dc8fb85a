/// `thenBranch(operands)` when the scalar `bool` `predicate` holds, else `elseBranch(operands)`
/// (JAX's `lax.cond`), as one primitive that every transformation sees.
///
/// Both branches are staged (traced on abstract values) and must return the same types; only the
/// chosen one runs. Under `vmap` with a batched predicate both branches run and each example keeps
/// its own branch's result. Branches may use values they close over, including values an enclosing
/// transformation follows (they become operands of the primitive).
///
/// ```swift
/// let y = cond(x.sum() .> 0, [x], then: { [sin($0[0])] }, else: { [$0[0] * 2] })
/// ```
///
/// Rejected (see `withErrorChecking`) when the predicate is not a scalar `bool` tensor or the
/// branches return different types.
public func cond(
  _ predicate: Tensor, _ operands: [Tensor], then thenBranch: ([Tensor]) -> [Tensor], else elseBranch: ([Tensor]) -> [Tensor]
) -> [Tensor] {
  let types = operands.map(\.type)
  let (branches, captured) = closureConverted([
    makeGraph(of: thenBranch, for: types), makeGraph(of: elseBranch, for: types),
  ])
  let thenTypes = branches[0].outputTypes
  let elseTypes = branches[1].outputTypes
  guard thenTypes == elseTypes else {
    _ = reject(OlympusError("cond", "branches return different types: then (\(typeList(thenTypes))), else (\(typeList(elseTypes)))"))
    return thenTypes.map { _ in .failed }
  }
  return bind(Cond(thenBranch: branches[0], elseBranch: branches[1]), [predicate] + operands + captured)
}

/// `cond` for branches of one tensor.
///
/// ```swift
/// let y = cond(x.sum() .> 0, x, then: { sin($0) }, else: { $0 * 2 })
/// ```
public func cond(
  _ predicate: Tensor, _ operand: Tensor, then thenBranch: (Tensor) -> Tensor, else elseBranch: (Tensor) -> Tensor
) -> Tensor {
  cond(predicate, [operand], then: { [thenBranch($0[0])] }, else: { [elseBranch($0[0])] })[0]
}
