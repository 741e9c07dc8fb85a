extension Graph {
  /// The graph with repeated computations merged: an equation applying the same primitive (equal
  /// static parameters) to the same operands as an earlier one is dropped and its results read
  /// from the earlier one. Primitives are pure, random ones included (their key is an operand).
  public func eliminatingCommonSubexpressions() -> Graph {
    struct Key: Hashable {
      let primitive: AnyHashable
      let operands: [AtomKey]
    }
    var replacements: [Int: Atom] = [:]
    var seen: [Key: [Variable]] = [:]
    var kept: [Equation] = []
    func resolve(_ atom: Atom) -> Atom {
      if case .variable(let variable) = atom, let replacement = replacements[variable.id] { return replacement }
      return atom
    }
    for equation in equations {
      let inputs = equation.inputs.map(resolve)
      let key = Key(primitive: AnyHashable(equation.primitive), operands: inputs.map(AtomKey.init))
      if let earlier = seen[key], earlier.map(\.type) == equation.outputs.map(\.type) {
        for (variable, reused) in zip(equation.outputs, earlier) { replacements[variable.id] = .variable(reused) }
        continue
      }
      seen[key] = equation.outputs
      kept.append(Equation(primitive: equation.primitive, inputs: inputs, outputs: equation.outputs))
    }
    return Graph(inputs: inputs, equations: kept, outputs: outputs.map(resolve))
  }
}

/// An operand's identity: a variable's number, or a constant's storage object.
struct AtomKey: Hashable {
  let variable: Int?
  let constant: ObjectIdentifier?

  init(_ atom: Graph.Atom) {
    switch atom {
    case .variable(let variable):
      self.variable = variable.id
      constant = nil
    case .constant(let tensor):
      variable = nil
      constant = ObjectIdentifier(tensor.handle)
    }
  }
}
