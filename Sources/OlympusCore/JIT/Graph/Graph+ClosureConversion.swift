/// Closure conversion: staging functions whose closures capture values of enclosing
/// transformations.
///
/// A branch or loop body often closes over a tracer of an enclosing transformation (the weights
/// in `grad(of: { w in scan(…) { … w … } })`). Staged, such a value is a constant of the graph,
/// invisible to the transformation that follows it. Closure conversion turns every captured value
/// that a transformation or the eager tape follows into an explicit extra input, so that the
/// primitive holding the graph receives it as an operand and outer transformations see, batch and
/// differentiate it. Concrete untracked constants stay constants.

/// `graphs` (staged together, such as the two branches of a `cond`) without dead code, and with
/// the captured values any of them needs turned into extra inputs shared by all of them (appended
/// after their own inputs, in the same order in every graph). Returns the graphs and the captured
/// values, which callers pass after the ordinary operands.
func closureConverted(_ graphs: [Graph]) -> (graphs: [Graph], captured: [Tensor]) {
  let staged = graphs.map { $0.removingDeadCode() }
  var captured: [Tensor] = []
  var positions: [ObjectIdentifier: Int] = [:]
  for graph in staged {
    for case .constant(let tensor) in graph.equations.flatMap(\.inputs) + graph.outputs where needsLifting(tensor) {
      let key = ObjectIdentifier(tensor.handle)
      guard positions[key] == nil else { continue }
      positions[key] = captured.count
      captured.append(tensor)
    }
  }
  guard !captured.isEmpty else { return (staged, []) }
  return (staged.map { $0.liftingConstants(captured, positions: positions) }, captured)
}

/// Whether a captured constant must become an input: a transformation follows it, or the eager
/// tape records it.
private func needsLifting(_ tensor: Tensor) -> Bool {
  !tensor.isConcrete || !tensor.isUntracked
}

extension Graph {
  /// The graph with inputs for `captured` appended, every constant among them replaced by its input.
  fileprivate func liftingConstants(_ captured: [Tensor], positions: [ObjectIdentifier: Int]) -> Graph {
    let firstID = variableCount
    let lifted = captured.enumerated().map { index, tensor in Variable(id: firstID + index, type: tensor.type) }
    func convert(_ atom: Atom) -> Atom {
      guard case .constant(let tensor) = atom, let position = positions[ObjectIdentifier(tensor.handle)] else { return atom }
      return .variable(lifted[position])
    }
    let converted = equations.map { Equation(primitive: $0.primitive, inputs: $0.inputs.map(convert), outputs: $0.outputs) }
    return Graph(inputs: inputs + lifted, equations: converted, outputs: outputs.map(convert))
  }
}
