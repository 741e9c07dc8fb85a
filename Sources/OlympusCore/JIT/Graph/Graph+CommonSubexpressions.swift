extension Graph {
  /// The graph with repeated computations merged: an equation applying the same primitive (equal
  /// static parameters) to the same operands as an earlier one is dropped and its results read
  /// from the earlier one. Primitives are pure, random ones included (their key is an operand).
  public func eliminatingCommonSubexpressions() -> Graph {
    struct Key: Hashable {
      let primitive: PrimitiveKey
      let operands: [AtomKey]
    }
    var replacements = [Atom?](repeating: nil, count: variableCount)
    var seen: [Key: [Variable]] = [:]
    seen.reserveCapacity(equations.count)
    var kept: [Equation] = []
    kept.reserveCapacity(equations.count)
    func resolve(_ atom: Atom) -> Atom {
      if case .variable(let variable) = atom, let replacement = replacements[variable.id] { return replacement }
      return atom
    }
    for equation in equations {
      let replaced = equation.inputs.contains { $0.variableIfAny.map { replacements[$0.id] != nil } ?? false }
      let inputs = replaced ? equation.inputs.map(resolve) : equation.inputs
      let key = Key(primitive: PrimitiveKey(equation.primitive), operands: inputs.map(AtomKey.init))
      let outputs = equation.outputs
      if let earlier = seen[key], earlier.elementsEqual(outputs, by: { $0.type == $1.type }) {
        for (variable, reused) in zip(outputs, earlier) { replacements[variable.id] = .variable(reused) }
        continue
      }
      seen[key] = outputs
      kept.append(replaced ? Equation(primitive: equation.primitive, inputs: inputs, outputs: outputs) : equation)
    }
    return Graph(inputs: inputs, equations: kept, outputs: outputs.map(resolve))
  }
}

/// A primitive as a dictionary key: hashed and compared through the primitive's own `Hashable`
/// conformance, without the type-erasing box `AnyHashable` allocates and unboxes.
struct PrimitiveKey: Hashable {
  let primitive: any Primitive

  init(_ primitive: any Primitive) { self.primitive = primitive }

  static func == (a: PrimitiveKey, b: PrimitiveKey) -> Bool { a.primitive.isEqual(to: b.primitive) }

  func hash(into hasher: inout Hasher) {
    hasher.combine(ObjectIdentifier(type(of: primitive)))
    primitive.hash(into: &hasher)
  }
}

extension Primitive {
  /// Whether `other` is a primitive of this type with equal parameters.
  func isEqual(to other: any Primitive) -> Bool {
    guard let other = other as? Self else { return false }
    return self == other
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
