extension Graph {
  /// The graph without equations whose results nothing uses (a primitive has no side effects, so
  /// dropping them changes no result).
  public func removingDeadCode() -> Graph {
    var live = [Bool](repeating: false, count: variableCount)
    for case .variable(let variable) in outputs { live[variable.id] = true }
    var kept: [Equation] = []
    kept.reserveCapacity(equations.count)
    for position in equations.indices.reversed() {
      equations.prefetch(position - Equation.prefetchDistance)
      let equation = equations[position]
      guard equation.outputs.contains(where: { live[$0.id] }) else { continue }
      kept.append(equation)
      for case .variable(let variable) in equation.inputs { live[variable.id] = true }
    }
    kept.reverse()
    return Graph(inputs: inputs, equations: kept, outputs: outputs, variableCount: variableCount)
  }
}
