/// Vectorizes `f` over a batch axis of its inputs (JAX's `vmap`), on lists of tensors: `inAxes[i]`
/// is the batch axis of input `i` (negative counts from the back, `nil` for an input the whole
/// batch shares), `outAxes[j]` where output `j` gets its batch axis.
///
/// Every primitive runs once for the whole batch through its batching rule; nothing loops over
/// examples. Batch sizes must agree and axes must exist; otherwise the call is rejected, naming the
/// argument.
public func vmap(
  inAxes: [Int?], outAxes: [Int]? = nil, of f: @escaping ([Tensor]) -> [Tensor]
) -> ([Tensor]) -> [Tensor] {
  { inputs in batchFlat(inAxes: inAxes, outAxes: outAxes, inputs: inputs, f) }
}

/// Vectorizes a function of one tensor over axis `inAxis` of its input, stacking the results along
/// `outAxis`.
///
/// ```swift
/// let norms = vmap(of: { row in sqrt((row * row).sum()) })(matrix)   // one norm per row
/// ```
public func vmap(inAxis: Int = 0, outAxis: Int = 0, of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  { x in batchFlat(inAxes: [inAxis], outAxes: [outAxis], inputs: [x]) { [f($0[0])] }[0] }
}

/// Vectorizes a function of trees: `inAxes[i]` is the batch axis of every tensor of argument `i`
/// (`nil` for an argument the batch shares, such as a model's parameters); every output tensor gets
/// its batch axis at `outAxis`.
///
/// ```swift
/// // Per-example gradients.
/// let perExample = vmap(inAxes: [nil, 0, 0], of: grad(of: loss))(model, inputs, labels)
/// ```
public func vmap<each Argument: TensorTree, each Result: TensorTree>(
  inAxes: [Int?], outAxis: Int = 0, of f: @escaping (repeat each Argument) -> (repeat each Result)
) -> (repeat each Argument) -> (repeat each Result) {
  { (arguments: repeat each Argument) in
    var leaves: [Tensor] = []
    var structures: [TreeStructure] = []
    var leafAxes: [Int?] = []
    var position = 0
    for argument in repeat each arguments {
      let (argumentLeaves, structure) = argument.flattened()
      leaves += argumentLeaves
      structures.append(structure)
      let axis = position < inAxes.count ? inAxes[position] : nil
      leafAxes += argumentLeaves.map { _ in axis }
      position += 1
    }
    guard inAxes.count == position else {
      // Rejected: inside `withErrorChecking` the scope throws, and the unbatched results stand in.
      _ = reject(OlympusError("vmap(inAxes:of:)", "inAxes has \(inAxes.count) entries for \(position) arguments"))
      return f(repeat each arguments)
    }
    var resultStructures: [TreeStructure] = []
    let outputs = batchFlat(inAxes: leafAxes, outAxes: nil, outAxis: outAxis, inputs: leaves, argumentSizes: structures.map(\.leafCount)) { traced in
      var cursor = TreeCursor(leaves: traced, structures: structures)
      let results = f(repeat cursor.next((each Argument).self))
      var resultLeaves: [Tensor] = []
      for result in repeat each results {
        let (flat, structure) = result.flattened()
        resultLeaves += flat
        resultStructures.append(structure)
      }
      return resultLeaves
    }
    var cursor = TreeCursor(leaves: outputs, structures: resultStructures)
    return (repeat cursor.next((each Result).self))
  }
}

/// Hands out consecutive trees rebuilt from one list of leaves.
struct TreeCursor {
  let leaves: [Tensor]
  let structures: [TreeStructure]
  var tree = 0
  var leaf = 0

  init(leaves: [Tensor], structures: [TreeStructure]) {
    self.leaves = leaves
    self.structures = structures
  }

  mutating func next<T: TensorTree>(_ type: T.Type) -> T {
    let structure = structures[tree]
    defer {
      tree += 1
      leaf += structure.leafCount
    }
    return T(structure: structure, leaves: Array(leaves[leaf..<(leaf + structure.leafCount)]))
  }
}

/// `vmap` on lists: checks the axes and batch sizes, runs `f` on batch tracers and puts each
/// output's batch axis where asked (repeating outputs that do not depend on the batch). A rejected
/// call (see `withErrorChecking`) returns `f`'s unbatched results, so callers always get as many
/// outputs as `f` gives.
func batchFlat(
  inAxes: [Int?], outAxes: [Int]?, outAxis: Int = 0, inputs: [Tensor], argumentSizes: [Int]? = nil,
  _ f: ([Tensor]) -> [Tensor]
) -> [Tensor] {
  let operation = "vmap"
  func rejected(_ message: String) -> [Tensor] {
    _ = reject(OlympusError(operation, message))
    return f(inputs)
  }
  // Names an input by its argument position when inputs are the leaves of several trees.
  func argumentName(_ index: Int) -> String {
    guard let sizes = argumentSizes else { return "argument \(index)" }
    var remaining = index
    for (argument, size) in sizes.enumerated() {
      if remaining < size { return "argument \(argument)" + (size > 1 ? " (tensor \(remaining))" : "") }
      remaining -= size
    }
    return "argument \(index)"
  }
  guard inAxes.count == inputs.count else {
    return rejected("inAxes has \(inAxes.count) entries for \(inputs.count) arguments")
  }
  var axes: [Int?] = []
  var size: Int?
  var sizeSource = 0
  for (index, (input, axis)) in zip(inputs, inAxes).enumerated() {
    guard let axis else {
      axes.append(nil)
      continue
    }
    guard -input.rank <= axis, axis < input.rank else {
      return rejected("axis \(axis) of \(argumentName(index)) is out of range for \(input.type)")
    }
    let normalized = axis < 0 ? axis + input.rank : axis
    axes.append(normalized)
    if let size, size != input.shape[normalized] {
      return rejected(
        "\(argumentName(index)) has batch size \(input.shape[normalized]) along axis \(axis), "
          + "\(argumentName(sizeSource)) has \(size)")
    }
    if size == nil {
      size = input.shape[normalized]
      sizeSource = index
    }
  }
  guard let size else {
    return rejected("no argument is batched: every entry of inAxes is nil")
  }
  return withNewInterpreter({ BatchInterpreter(level: $0, size: size) }) { interpreter in
    let results = f(zip(inputs, axes).map { interpreter.lift($0, axis: $1) })
    return results.enumerated().map { index, result in
      let (value, axis) = interpreter.unlift(result)
      let requested = outAxes.map { index < $0.count ? $0[index] : 0 } ?? outAxis
      let rank = result.rank + 1
      guard -rank <= requested, requested < rank else {
        return reject(OlympusError(operation, "output axis \(requested) is out of range for output \(index) of type \(result.type)"))
      }
      let target = requested < 0 ? requested + rank : requested
      guard let axis else {
        var shape = value.shape
        shape.insert(size, at: target)
        return apply(BroadcastInDim(shape: shape, dimensions: (0..<value.rank).map { $0 < target ? $0 : $0 + 1 }), value)
      }
      return movingAxis(value, from: axis, to: target)
    }
  }
}
