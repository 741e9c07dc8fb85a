extension Graph {
  /// The graph with algebraic identities applied: `x * 1` and `x + 0` become `x` (when the result
  /// has `x`'s type), a transpose of a transpose becomes one transpose (or nothing), chains of
  /// reshapes or of broadcasts become one, and a transpose between reshapes that only add and
  /// remove size-1 axes becomes a transpose of the original axes (or nothing).
  public func simplified() -> Graph { simplified(taking: equations) }

  /// `simplified()` of this graph, given its equations (taken from it or a copy).
  func simplified(taking equations: consuming [Equation]) -> Graph {
    var remaining = EquationStream(consume equations)
    var replacements = VariableReplacements(variableCount: variableCount)
    // The position in `kept` of the equation defining each variable (-1 for none): positions
    // rather than references, so the table holds no equation alive and freeing it touches none.
    var producers = [Int32](repeating: -1, count: variableCount)
    var kept: [Equation] = []
    kept.reserveCapacity(remaining.count)
    func producer(_ atom: Atom) -> Equation? {
      guard case .variable(let variable) = atom, producers[variable.id] >= 0 else { return nil }
      return kept[Int(producers[variable.id])]
    }
    while let original = remaining.next() {
      var equation =
        replacements.replacesSome(of: original.inputs)
        ? Equation(primitive: original.primitive, inputs: original.inputs.lazy.map(replacements.resolve), outputs: original.outputs)
        : original
      let inputs = equation.inputs
      let output = original.outputs.first
      switch original.primitive {
      case is Multiply, is Add:
        let identity: Double = original.primitive is Multiply ? 1 : 0
        if let kept = inputs.indices.first(where: { isConstant(inputs[1 - $0], equalTo: identity) }),
          let output, inputs[kept].type == output.type
        {
          replacements.replace(output, with: inputs[kept])
          continue
        }
      case let outer as Transpose:
        if let inner = producer(inputs[0]), let innerTranspose = inner.primitive as? Transpose, let output {
          let composed = outer.permutation.map { innerTranspose.permutation[$0] }
          if composed == Array(composed.indices) {
            replacements.replace(output, with: inner.inputs[0])
            continue
          }
          equation = Equation(primitive: Transpose(permutation: composed), inputs: inner.inputs, outputs: original.outputs)
        }
      case let outer as Reshape:
        guard let inner = producer(inputs[0]) else { break }
        if inner.primitive is Reshape {
          equation = Equation(primitive: outer, inputs: inner.inputs, outputs: original.outputs)
        } else if let transpose = inner.primitive as? Transpose, let output {
          // Size-1 axes added, moved by a transpose and removed again (what vmap leaves around a
          // batched matrix–vector product): a transpose of the original axes, or nothing.
          let transposed = inner.inputs[0]
          let source = producer(transposed).flatMap { $0.primitive is Reshape ? $0.inputs[0] : nil } ?? transposed
          guard
            let permutation = permutationIgnoringUnitAxes(
              source: source.type.shape, expanded: transposed.type.shape, transpose: transpose.permutation, shape: outer.shape)
          else { break }
          if permutation == Array(permutation.indices) {
            replacements.replace(output, with: source)
            continue
          }
          equation = Equation(primitive: Transpose(permutation: permutation), inputs: [source], outputs: original.outputs)
        }
      case let outer as BroadcastInDim:
        if let inner = producer(inputs[0]), let innerBroadcast = inner.primitive as? BroadcastInDim {
          equation = Equation(
            primitive: BroadcastInDim(shape: outer.shape, dimensions: innerBroadcast.dimensions.map { outer.dimensions[$0] }),
            inputs: inner.inputs, outputs: original.outputs)
        }
      default: break
      }
      for variable in equation.outputs { producers[variable.id] = Int32(kept.count) }
      kept.append(equation)
    }
    let outputs = outputs.map(replacements.resolve)
    // Moved out of `kept` (which `producer` captures) so that dead code removal owns them alone.
    var simplified: [Equation] = []
    swap(&simplified, &kept)
    return Graph(
      inputs: inputs, equations: Self.liveEquations(consume simplified, outputs: outputs, variableCount: variableCount),
      outputs: outputs, variableCount: variableCount)
  }
}

/// Whether `atom` is a constant whose every element equals `value`.
private func isConstant(_ atom: Graph.Atom, equalTo value: Double) -> Bool {
  guard case .constant(let tensor) = atom, tensor.isConcrete, tensor.elementCount > 0 else { return false }
  // A broadcast scalar (most constants of a staged gradient) is read in place.
  if tensor.repeatsOneElement { return tensor.firstElement == value }
  return tensor.max().item(as: Double.self) == value && tensor.min().item(as: Double.self) == value
}

/// The permutation of `source`'s axes equal to: reshaping `source` to `expanded` (the same sizes
/// with size-1 axes inserted or dropped), transposing by `transpose`, and reshaping to `shape` (again
/// only size-1 axes differ). `nil` unless that holds and neither `source` nor `shape` has a size-1
/// axis (so the permutation is unambiguous).
private func permutationIgnoringUnitAxes(source: [Int], expanded: [Int], transpose: [Int], shape: [Int]) -> [Int]? {
  guard !source.contains(1), !shape.contains(1), expanded.filter({ $0 != 1 }) == source else { return nil }
  var sourceAxis: [Int: Int] = [:]
  for (axis, size) in expanded.enumerated() where size != 1 { sourceAxis[axis] = sourceAxis.count }
  let permutation = transpose.compactMap { sourceAxis[$0] }
  return permutation.map { source[$0] } == shape ? permutation : nil
}
