extension Graph {
  /// The graph without equations whose results nothing uses (a primitive has no side effects, so
  /// dropping them changes no result).
  public func removingDeadCode() -> Graph {
    var live = Set<Int>()
    for case .variable(let variable) in outputs { live.insert(variable.id) }
    var kept: [Equation] = []
    for equation in equations.reversed() where equation.outputs.contains(where: { live.contains($0.id) }) {
      kept.append(equation)
      for case .variable(let variable) in equation.inputs { live.insert(variable.id) }
    }
    return Graph(inputs: inputs, equations: kept.reversed(), outputs: outputs)
  }

  /// Whether every constant is a concrete tensor (no value of an enclosing transformation), so the
  /// graph can be reused for later calls.
  var isClosed: Bool {
    let atoms = equations.flatMap(\.inputs) + outputs
    return atoms.allSatisfy { atom in
      if case .constant(let tensor) = atom { return tensor.isConcrete }
      return true
    }
  }
}
