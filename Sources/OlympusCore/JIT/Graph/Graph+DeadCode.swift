extension Graph {
  /// The graph without equations whose results nothing uses (a primitive has no side effects, so
  /// dropping them changes no result).
  public func removingDeadCode() -> Graph { removingDeadCode(taking: equations) }

  /// `removingDeadCode()` of this graph, given its equations (taken from it or a copy).
  func removingDeadCode(taking equations: consuming [Equation]) -> Graph {
    Graph(
      inputs: inputs, equations: Self.liveEquations(consume equations, outputs: outputs, variableCount: variableCount),
      outputs: outputs, variableCount: variableCount)
  }

  /// Those of `equations` whose results `outputs` read, directly or through other equations, in
  /// order. Each is moved out of `equations`, last first; a dead one is freed at once.
  static func liveEquations(_ equations: consuming [Equation], outputs: [Atom], variableCount: Int) -> [Equation] {
    var remaining = consume equations
    var live = [Bool](repeating: false, count: variableCount)
    for case .variable(let variable) in outputs { live[variable.id] = true }
    var kept: [Equation] = []
    kept.reserveCapacity(remaining.count)
    while let equation = remaining.popLastPrefetching() {
      guard equation.outputs.contains(where: { live[$0.id] }) else { continue }
      for case .variable(let variable) in equation.inputs { live[variable.id] = true }
      kept.append(equation)
    }
    kept.reverseByMoving()
    return kept
  }
}
