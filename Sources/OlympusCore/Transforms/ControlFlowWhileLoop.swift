/// Applies `body` to the carry, starting from `initial`, while `condition` returns true (JAX's
/// `lax.while_loop`), as one primitive that every transformation sees.
///
/// `condition` returns a scalar `bool` tensor; `body` returns the carry's types. Both are staged
/// once and may use values they close over. The loop is forward-mode differentiable (`jvp`) and
/// batchable (`vmap`: it runs while any example's condition holds, and finished examples keep
/// their carry). Reverse mode (`grad`, `vjp`) is rejected: use `scan` or `forLoop`, whose trip
/// count is fixed.
///
/// ```swift
/// // Newton's iteration for √2, to a tolerance.
/// let root = whileLoop(initial: [Tensor(1.0)], condition: { abs($0[0] * $0[0] - 2) .> 1e-12 }, body: { x in
///   [(x[0] + 2 / x[0]) / 2]
/// })
/// ```
public func whileLoop(
  initial: [Tensor], condition: ([Tensor]) -> Tensor, body: ([Tensor]) -> [Tensor]
) -> [Tensor] {
  let types = initial.map(\.type)
  let (graphs, captured) = closureConverted([
    makeGraph(of: { [condition($0)] }, for: types), makeGraph(of: body, for: types),
  ])
  let conditionTypes = graphs[0].outputTypes
  let bodyTypes = graphs[1].outputTypes
  guard conditionTypes == [TensorType(shape: [], dtype: .bool)] else {
    _ = reject(OlympusError("whileLoop", "condition returns \(typeList(conditionTypes)), expected a scalar bool tensor"))
    return initial.map { _ in .failed }
  }
  guard bodyTypes == types else {
    let message = "body returns carry (\(typeList(bodyTypes))), initial carry is (\(typeList(types)))"
    _ = reject(OlympusError("whileLoop", message))
    return initial.map { _ in .failed }
  }
  return bind(WhileLoop(condition: graphs[0], body: graphs[1], carryCount: initial.count), initial + captured)
}

/// `whileLoop` with a carry of one tensor.
public func whileLoop(initial: Tensor, condition: (Tensor) -> Tensor, body: (Tensor) -> Tensor) -> Tensor {
  whileLoop(initial: [initial], condition: { condition($0[0]) }, body: { [body($0[0])] })[0]
}
