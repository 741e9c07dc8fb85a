extension Graph {
  /// The graph with algebraic identities applied: `x * 1` and `x + 0` become `x` (when the result
  /// has `x`'s type), a transpose of a transpose becomes one transpose (or nothing), and chains of
  /// reshapes or of broadcasts become one.
  public func simplified() -> Graph {
    var replacements: [Int: Atom] = [:]
    var producers: [Int: Equation] = [:]
    var kept: [Equation] = []
    func resolve(_ atom: Atom) -> Atom {
      if case .variable(let variable) = atom, let replacement = replacements[variable.id] { return replacement }
      return atom
    }
    func producer(_ atom: Atom) -> Equation? {
      if case .variable(let variable) = atom { return producers[variable.id] }
      return nil
    }
    for original in equations {
      let inputs = original.inputs.map(resolve)
      let output = original.outputs.first
      var equation = Equation(primitive: original.primitive, inputs: inputs, outputs: original.outputs)
      switch original.primitive {
      case is Multiply, is Add:
        let identity: Double = original.primitive is Multiply ? 1 : 0
        if let kept = inputs.indices.first(where: { isConstant(inputs[1 - $0], equalTo: identity) }),
          let output, inputs[kept].type == output.type
        {
          replacements[output.id] = inputs[kept]
          continue
        }
      case let outer as Transpose:
        if let inner = producer(inputs[0]), let innerTranspose = inner.primitive as? Transpose, let output {
          let composed = outer.permutation.map { innerTranspose.permutation[$0] }
          if composed == Array(composed.indices) {
            replacements[output.id] = inner.inputs[0]
            continue
          }
          equation = Equation(primitive: Transpose(permutation: composed), inputs: inner.inputs, outputs: original.outputs)
        }
      case let outer as Reshape:
        if let inner = producer(inputs[0]), inner.primitive is Reshape {
          equation = Equation(primitive: outer, inputs: inner.inputs, outputs: original.outputs)
        }
      case let outer as BroadcastInDim:
        if let inner = producer(inputs[0]), let innerBroadcast = inner.primitive as? BroadcastInDim {
          equation = Equation(
            primitive: BroadcastInDim(shape: outer.shape, dimensions: innerBroadcast.dimensions.map { outer.dimensions[$0] }),
            inputs: inner.inputs, outputs: original.outputs)
        }
      default: break
      }
      for variable in equation.outputs { producers[variable.id] = equation }
      kept.append(equation)
    }
    return Graph(inputs: inputs, equations: kept, outputs: outputs.map(resolve)).removingDeadCode()
  }
}

/// Whether `atom` is a constant whose every element equals `value`.
private func isConstant(_ atom: Graph.Atom, equalTo value: Double) -> Bool {
  guard case .constant(let tensor) = atom, tensor.isConcrete, tensor.elementCount > 0 else { return false }
  return tensor.max().item(as: Double.self) == value && tensor.min().item(as: Double.self) == value
}
