extension Graph {
  /// The graph with repeated computations merged: an equation applying the same primitive (equal
  /// static parameters) to the same operands as an earlier one is dropped and its results read
  /// from the earlier one. Primitives are pure, random ones included (their key is an operand).
  public func eliminatingCommonSubexpressions() -> Graph { eliminatingCommonSubexpressions(taking: equations) }

  /// `eliminatingCommonSubexpressions()` of this graph, given its equations (taken from it or a
  /// copy).
  func eliminatingCommonSubexpressions(taking equations: consuming [Equation]) -> Graph {
    var remaining = EquationStream(consume equations)
    var replacements = VariableReplacements(variableCount: variableCount)
    // The kept equations by the hash of their primitive and operands: the newest kept equation
    // of each hash, and for every kept equation the next older one of the same hash. Integers
    // only, so a graph of any size is looked up without allocating a key per equation.
    var newestWithHash: [Int: Int] = [:]
    newestWithHash.reserveCapacity(remaining.count)
    var olderWithHash: [Int] = []
    olderWithHash.reserveCapacity(remaining.count)
    var kept: [Equation] = []
    kept.reserveCapacity(remaining.count)
    while let original = remaining.next() {
      let equation =
        replacements.replacesSome(of: original.inputs)
        ? Equation(primitive: original.primitive, inputs: original.inputs.lazy.map(replacements.resolve), outputs: original.outputs)
        : original
      var hasher = Hasher()
      equation.primitive.hashIdentity(into: &hasher)
      for atom in equation.inputs { AtomKey(atom).hash(into: &hasher) }
      let hash = hasher.finalize()
      var candidate = newestWithHash[hash] ?? -1
      while candidate >= 0, !kept[candidate].computes(as: equation) {
        candidate = olderWithHash[candidate]
      }
      if candidate >= 0 {
        for (variable, reused) in zip(equation.outputs, kept[candidate].outputs) { replacements.replace(variable, with: .variable(reused)) }
        continue
      }
      olderWithHash.append(newestWithHash[hash] ?? -1)
      newestWithHash[hash] = kept.count
      kept.append(equation)
    }
    return Graph(inputs: inputs, equations: kept, outputs: outputs.map(replacements.resolve), variableCount: variableCount)
  }
}

extension Graph.Equation {
  /// Whether this equation applies `other`'s primitive (equal static parameters) to the same
  /// operands and gives results of the types of `other`'s, so that its results can stand for theirs.
  fileprivate func computes(as other: Graph.Equation) -> Bool {
    inputs.count == other.inputs.count && outputs.count == other.outputs.count
      && primitive.isEqual(to: other.primitive)
      && zip(inputs, other.inputs).allSatisfy { AtomKey($0) == AtomKey($1) }
      && zip(outputs, other.outputs).allSatisfy { $0.type == $1.type }
  }
}

extension Primitive {
  /// Whether `other` is a primitive of this type with equal parameters.
  func isEqual(to other: any Primitive) -> Bool {
    guard let other = other as? Self else { return false }
    return self == other
  }

  /// Feeds the primitive's type and parameters to `hasher`, so that primitives equal by
  /// `isEqual(to:)` hash alike.
  func hashIdentity(into hasher: inout Hasher) {
    hasher.combine(ObjectIdentifier(Self.self))
    hash(into: &hasher)
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
