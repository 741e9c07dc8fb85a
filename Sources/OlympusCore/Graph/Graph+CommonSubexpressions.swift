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

/// An operand's identity: a variable's number, a constant's storage object, or for a constant
/// that repeats one element (a broadcast scalar) its type and the element's bits, so that equal
/// broadcast scalars count as one operand.
struct AtomKey: Hashable {
  let variable: Int?
  let constant: ObjectIdentifier?
  let repeated: RepeatedElement?

  /// A constant made of one element repeated.
  struct RepeatedElement: Hashable {
    let type: TensorType
    let bits: UInt64
  }

  init(_ atom: Graph.Atom) {
    variable = atom.variableIfAny?.id
    guard case .constant(let tensor) = atom else {
      constant = nil
      repeated = nil
      return
    }
    if tensor.repeatsOneElement {
      var bits: UInt64 = 0
      withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: UnsafeRawBufferPointer(start: tensor.baseAddress, count: tensor.dtype.byteCount)) }
      constant = nil
      repeated = RepeatedElement(type: tensor.type, bits: bits)
    } else {
      constant = ObjectIdentifier(tensor.handle)
      repeated = nil
    }
  }
}
