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

/// Vectorizes a function of a tree over axis `inAxis` of every tensor in it (`nil` is not allowed
/// here: a function of one shared argument has nothing to batch), stacking every output tensor
/// along `outAxis`.
public func vmap<A: TensorTree, R: TensorTree>(
  inAxis: Int = 0, outAxis: Int = 0, of f: @escaping (A) -> R
) -> (A) -> R {
  { a in
    let results = vmapTrees(inAxes: [inAxis], outAxis: outAxis, [FlatTree(a)]) { [FlatTree(f($0[0].rebuilt()))] }
    return results[0].rebuilt()
  }
}

/// Vectorizes a function of two trees: `inAxes[i]` is the batch axis of every tensor of argument
/// `i`, `nil` for an argument the whole batch shares (such as a model's parameters).
public func vmap<A: TensorTree, B: TensorTree, R: TensorTree>(
  inAxes: [Int?], outAxis: Int = 0, of f: @escaping (A, B) -> R
) -> (A, B) -> R {
  { a, b in
    vmapTrees(inAxes: inAxes, outAxis: outAxis, [FlatTree(a), FlatTree(b)]) {
      [FlatTree(f($0[0].rebuilt(), $0[1].rebuilt()))]
    }[0].rebuilt()
  }
}

/// Vectorizes a function of three trees (see `vmap(inAxes:outAxis:of:)` for two).
public func vmap<A: TensorTree, B: TensorTree, C: TensorTree, R: TensorTree>(
  inAxes: [Int?], outAxis: Int = 0, of f: @escaping (A, B, C) -> R
) -> (A, B, C) -> R {
  { a, b, c in
    vmapTrees(inAxes: inAxes, outAxis: outAxis, [FlatTree(a), FlatTree(b), FlatTree(c)]) {
      [FlatTree(f($0[0].rebuilt(), $0[1].rebuilt(), $0[2].rebuilt()))]
    }[0].rebuilt()
  }
}

/// Vectorizes a function of two trees with two results, such as `grad(of:)` of a two-argument
/// loss.
public func vmap<A: TensorTree, B: TensorTree, RA: TensorTree, RB: TensorTree>(
  inAxes: [Int?], outAxis: Int = 0, of f: @escaping (A, B) -> (RA, RB)
) -> (A, B) -> (RA, RB) {
  { a, b in
    let results = vmapTrees(inAxes: inAxes, outAxis: outAxis, [FlatTree(a), FlatTree(b)]) {
      let (ra, rb) = f($0[0].rebuilt(), $0[1].rebuilt())
      return [FlatTree(ra), FlatTree(rb)]
    }
    return (results[0].rebuilt(), results[1].rebuilt())
  }
}

/// Vectorizes a function of three trees with three results, such as `grad(of:)` of a
/// three-argument loss: per-example gradients are
/// `vmap(inAxes: [nil, 0, 0], of: grad(of: loss))(model, inputs, labels)`.
public func vmap<A: TensorTree, B: TensorTree, C: TensorTree, RA: TensorTree, RB: TensorTree, RC: TensorTree>(
  inAxes: [Int?], outAxis: Int = 0, of f: @escaping (A, B, C) -> (RA, RB, RC)
) -> (A, B, C) -> (RA, RB, RC) {
  { a, b, c in
    let results = vmapTrees(inAxes: inAxes, outAxis: outAxis, [FlatTree(a), FlatTree(b), FlatTree(c)]) {
      let (ra, rb, rc) = f($0[0].rebuilt(), $0[1].rebuilt(), $0[2].rebuilt())
      return [FlatTree(ra), FlatTree(rb), FlatTree(rc)]
    }
    return (results[0].rebuilt(), results[1].rebuilt(), results[2].rebuilt())
  }
}

/// A tree taken apart: its leaves and the structure that rebuilds it.
struct FlatTree {
  var leaves: [Tensor]
  let structure: TreeStructure

  init<T: TensorTree>(_ tree: T) {
    (leaves, structure) = tree.flattened()
  }

  init(leaves: [Tensor], structure: TreeStructure) {
    self.leaves = leaves
    self.structure = structure
  }

  func rebuilt<T: TensorTree>() -> T { T(structure: structure, leaves: leaves) }
}

/// `vmap` on trees: every leaf of argument `i` is batched along `inAxes[i]`; every leaf of every
/// result gets its batch axis at `outAxis`.
func vmapTrees(inAxes: [Int?], outAxis: Int, _ arguments: [FlatTree], _ f: ([FlatTree]) -> [FlatTree]) -> [FlatTree] {
  guard inAxes.count == arguments.count else {
    // Rejected: inside `withErrorChecking` the scope throws, and the unbatched results stand in.
    _ = reject(OlympusError("vmap", "inAxes has \(inAxes.count) entries for \(arguments.count) arguments"))
    return f(arguments)
  }
  let counts = arguments.map(\.leaves.count)
  let leafAxes = zip(arguments, inAxes).flatMap { argument, axis in argument.leaves.map { _ in axis } }
  var resultStructures: [TreeStructure] = []
  var resultCounts: [Int] = []
  let outputs = batchFlat(
    inAxes: leafAxes, outAxes: nil, outAxis: outAxis, inputs: arguments.flatMap(\.leaves), argumentSizes: counts
  ) { traced in
    let parts = split(traced, counts: counts)
    let results = f(zip(parts, arguments).map { FlatTree(leaves: $0, structure: $1.structure) })
    resultStructures = results.map(\.structure)
    resultCounts = results.map(\.leaves.count)
    return results.flatMap(\.leaves)
  }
  return zip(split(outputs, counts: resultCounts), resultStructures).map { FlatTree(leaves: $0, structure: $1) }
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
        return bind(BroadcastInDim(shape: shape, dimensions: (0..<value.rank).map { $0 < target ? $0 : $0 + 1 }), value)
      }
      return movingAxis(value, from: axis, to: target)
    }
  }
}
