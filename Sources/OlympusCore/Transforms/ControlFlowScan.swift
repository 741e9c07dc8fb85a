/// Scans `body` along axis 0 of `xs` (JAX's `lax.scan`), as one primitive that every
/// transformation sees: starting from `initial`, step `t` maps the carry and the slices `x[t]` of
/// every scanned tensor to the next carry and the step's results `y`; returns the final carry and
/// each result stacked along a new axis 0.
///
/// The body is staged once and may use values it closes over, including values an enclosing
/// transformation follows (they become operands of the primitive, so `grad` differentiates with
/// respect to them). The carry keeps its types from step to step. Reverse mode keeps the carries
/// of every step rather than the body's intermediates, and recomputes each step from its carry.
///
/// ```swift
/// // A recurrent network: h ← tanh(W h + U x), one output per step.
/// let (final, outputs) = scan(initial: [h0], over: [inputs]) { carry, x in
///   let h = tanh(matmul(w, carry[0]) + matmul(u, x[0]))
///   return ([h], [h])
/// }
/// ```
///
/// - Parameters:
///   - initial: The carry before the first step.
///   - xs: The tensors scanned along axis 0; step `t` sees their slices `x[t]`.
///   - length: The number of steps; needed only when `xs` is empty, else it must equal their
///     common extent along axis 0.
///   - reverse: Whether the steps run from the last slice to the first (results are stacked in
///     the slices' order either way).
///   - body: One step: the carry and the step's slices in, the next carry and the step's results
///     out.
///
/// Rejected (see `withErrorChecking`) when the body changes the carry's types or the scanned
/// tensors disagree on their length.
public func scan(
  initial: [Tensor], over xs: [Tensor], length: Int? = nil, reverse: Bool = false,
  body: (_ carry: [Tensor], _ x: [Tensor]) -> (carry: [Tensor], y: [Tensor])
) -> (carry: [Tensor], ys: [Tensor]) {
  let carryTypes = initial.map(\.type)
  let sliceTypes = xs.map { TensorType(shape: Array($0.shape.dropFirst()), dtype: $0.dtype) }
  var returnedCarryCount = 0
  let staged = makeGraph(
    of: { values in
      let step = body(Array(values[..<initial.count]), Array(values[initial.count...]))
      returnedCarryCount = step.carry.count
      return step.carry + step.y
    }, for: carryTypes + sliceTypes)
  let (graphs, captured) = closureConverted([staged])
  let graph = graphs[0]
  func rejected(_ message: String) -> (carry: [Tensor], ys: [Tensor]) {
    _ = reject(OlympusError("scan", message))
    return (initial.map { _ in .failed }, graph.outputs.dropFirst(returnedCarryCount).map { _ in .failed })
  }
  let returnedCarryTypes = Array(graph.outputTypes.prefix(returnedCarryCount))
  guard returnedCarryTypes == carryTypes else {
    return rejected("body returns carry (\(typeList(returnedCarryTypes))), initial carry is (\(typeList(carryTypes)))")
  }
  guard let steps = length ?? xs.first?.shape.first else {
    return rejected(xs.isEmpty ? "length is required when there is nothing to scan over" : "cannot scan over a scalar")
  }
  for (index, x) in xs.enumerated() where x.shape.first != steps {
    return rejected("xs \(index) of type \(x.type) does not have length \(steps) along axis 0")
  }
  let outputs = bind(
    Scan(body: graph, carryCount: initial.count, scannedCount: xs.count, length: steps, reverse: reverse),
    initial + xs + captured)
  return (Array(outputs[..<initial.count]), Array(outputs[initial.count...]))
}

/// `scan` with a carry of one tensor, over one tensor, with one result per step.
///
/// ```swift
/// let (total, partialSums) = scan(initial: Tensor(0.0), over: x) { sum, xt in (sum + xt, sum + xt) }
/// ```
public func scan(
  initial: Tensor, over xs: Tensor, reverse: Bool = false, body: (_ carry: Tensor, _ x: Tensor) -> (carry: Tensor, y: Tensor)
) -> (carry: Tensor, ys: Tensor) {
  let results = scan(initial: [initial], over: [xs], reverse: reverse) { carry, x in
    let step = body(carry[0], x[0])
    return ([step.carry], [step.y])
  }
  return (results.carry[0], results.ys[0])
}
