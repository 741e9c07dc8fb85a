extension Graph {
  /// The graph without equations whose results nothing uses (a primitive has no side effects, so
  /// dropping them changes no result).
  public func removingDeadCode() -> Graph {
    var live = [Bool](repeating: false, count: variableCount)
    for case .variable(let variable) in outputs { live[variable.id] = true }
    var kept: [Equation] = []
    kept.reserveCapacity(equations.count)
    for equation in equations.reversed() where equation.outputs.contains(where: { live[$0.id] }) {
      kept.append(equation)
      for case .variable(let variable) in equation.inputs { live[variable.id] = true }
    }
    kept.reverse()
    return Graph(inputs: inputs, equations: kept, outputs: outputs)
  }

  /// Whether every constant is a concrete tensor (no value of an enclosing transformation), so the
  /// graph can be reused for later calls.
  var isClosed: Bool {
    !containsConstant { !$0.isConcrete }
  }

  /// Whether some constant operand of an equation, or constant output, satisfies `condition`.
  func containsConstant(where condition: (Tensor) -> Bool) -> Bool {
    for equation in equations {
      for case .constant(let tensor) in equation.inputs where condition(tensor) { return true }
    }
    for case .constant(let tensor) in outputs where condition(tensor) { return true }
    return false
  }
}
