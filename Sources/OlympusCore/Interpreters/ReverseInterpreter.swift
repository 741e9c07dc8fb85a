/// Reverse mode: records, for each primitive applied to its tracers, what the primitive's VJP
/// rule needs, so that a pullback can walk the records backwards.
final class ReverseInterpreter: Interpreter {
  let level: Int
  private var nextNodeID = 0

  init(level: Int) { self.level = level }

  /// One application of a primitive (or an input, for leaves), with what its VJP needs.
  ///
  /// A record is also the tracer of its first output, so a traced value costs no object of its
  /// own; further outputs of multi-output primitives have an `OutputTracer` each. The value behind
  /// a traced tensor is kept by the tensor itself (`TensorHandle.tracedPrimal`), not by the record,
  /// so it lives no longer than the tensor unless the VJP rule reads it.
  final class Node: OlympusCore.Tracer {
    /// Creation order: every node's parents were created before it.
    let id: Int
    /// `nil` for an input of the differentiated function.
    let primitive: (any Primitive)?
    /// Where each input came from, `nil` for inputs this interpreter does not follow.
    let parents: [Parent?]
    /// The inputs and outputs the VJP rule reads (emptied by a consuming backward pass); none for
    /// leaves.
    var primals: [Tensor]
    var outputs: [Tensor]

    /// Whether the record is an input of the differentiated function.
    let isLeaf: Bool
    /// How many outputs the record has: one for a leaf.
    let outputCount: Int

    /// The cotangents of the inputs this interpreter follows, by the primitive's VJP rule, given the
    /// outputs' cotangents. Leaves have no rule. A consuming call frees the record's values: they
    /// are moved out for the rule (no reference counting) and released after it.
    func pullBack(_ cotangents: [Tensor?], consuming: Bool) -> [Tensor?] {
      guard let primitive else { return [] }
      guard consuming else {
        return primitive.vjp(primals: primals, outputs: outputs, cotangents: cotangents, needed: neededInputs(parents))
      }
      var primals: [Tensor] = []
      var outputs: [Tensor] = []
      swap(&primals, &self.primals)
      swap(&outputs, &self.outputs)
      return primitive.vjp(primals: primals, outputs: outputs, cotangents: cotangents, needed: neededInputs(parents))
    }

    init(
      _ interpreter: ReverseInterpreter, id: Int, primitive: (any Primitive)?, parents: [Parent?], primals: [Tensor],
      outputs: [Tensor]
    ) {
      self.id = id
      self.primitive = primitive
      isLeaf = primitive == nil
      outputCount = primitive == nil ? 1 : outputs.count
      self.parents = parents
      self.primals = primals
      self.outputs = outputs
      super.init(interpreter: interpreter)
    }
  }

  /// The tracer of output `outputIndex` (1 or more) of a record with several outputs.
  final class OutputTracer: OlympusCore.Tracer {
    let node: Node
    let outputIndex: Int

    init(_ interpreter: ReverseInterpreter, node: Node, outputIndex: Int) {
      self.node = node
      self.outputIndex = outputIndex
      super.init(interpreter: interpreter)
    }
  }

  /// Which output of which record an input was, and its type: what a backward pass needs of it.
  /// (Not the traced tensor itself, whose value would then live as long as the record.)
  struct Parent {
    let node: Node
    let outputIndex: Int
    let dtype: DType
  }

  /// The record and output index of `x` when this interpreter follows it.
  func source(of x: Tensor) -> (node: Node, outputIndex: Int)? {
    guard let tracer = x.handle.tracer, tracer.interpreter === self else { return nil }
    if let node = tracer as? Node { return (node, 0) }
    if let output = tracer as? OutputTracer { return (output.node, output.outputIndex) }
    return nil
  }

  private func makeNode(_ primitive: (any Primitive)?, parents: [Parent?], primals: [Tensor], outputs: [Tensor]) -> Node {
    defer { nextNodeID += 1 }
    return Node(self, id: nextNodeID, primitive: primitive, parents: parents, primals: primals, outputs: outputs)
  }

  /// An input of the differentiated function, traced.
  func leaf(_ primal: Tensor) -> (tensor: Tensor, node: Node) {
    let node = makeNode(nil, parents: [], primals: [], outputs: [])
    return (Tensor(tracer: node, type: primal.type, primal: primal), node)
  }

  func process(_ primitive: any Primitive, _ inputs: [Tensor]) -> [Tensor] {
    // Lists are built by appending rather than by copying and mutating, which would copy their
    // elements through generic value witnesses.
    var primals: [Tensor] = []
    var parents: [Parent?] = []
    primals.reserveCapacity(inputs.count)
    parents.reserveCapacity(inputs.count)
    for input in inputs {
      if let (node, outputIndex) = source(of: input), let primal = input.handle.tracedPrimal {
        primals.append(primal)
        parents.append(Parent(node: node, outputIndex: outputIndex, dtype: primal.dtype))
      } else {
        primals.append(input)
        parents.append(nil)
      }
    }
    let outputs = bind(any: primitive, primals)
    guard outputs.contains(where: { $0.dtype.isFloatingPoint }) else { return outputs }
    let kept = residuals(of: primitive, inputs: primals, outputs: outputs)
    let node = makeNode(primitive, parents: parents, primals: kept.inputs, outputs: kept.outputs)
    var results: [Tensor] = []
    results.reserveCapacity(outputs.count)
    for (index, output) in outputs.enumerated() {
      guard output.dtype.isFloatingPoint else {
        results.append(output)
        continue
      }
      let tracer: OlympusCore.Tracer = index == 0 ? node : OutputTracer(self, node: node, outputIndex: index)
      results.append(Tensor(tracer: tracer, type: output.type, primal: output))
    }
    return results
  }

  /// Walks the records reachable from `seeds` backwards, accumulating cotangents, and returns the
  /// cotangent reaching each of `leaves` (`nil` where none does or the leaf is `nil`). A consuming
  /// pass frees each record's values as soon as its rule has run (the records cannot be walked
  /// again).
  static func backpropagate(
    seeds: [(node: Node, outputIndex: Int, cotangent: Tensor)], to leaves: [Node?], consuming: Bool = false
  ) -> [Tensor?] {
    // Node ids are dense and parents have smaller ids than their children, so a table indexed by
    // id replaces hashing, and walking the ids downwards runs each record's rule after the rules of
    // all records that read its outputs. A record is reached exactly when a cotangent arrives.
    var size = 0
    for seed in seeds { size = max(size, seed.node.id + 1) }
    var reached: [Reached?] = nils(size)
    // Entries are updated in place and moved out, never copied (each copy costs reference counting).
    func accumulate(_ cotangent: Tensor, into node: Node, _ outputIndex: Int) {
      if reached[node.id]?.add(cotangent, at: outputIndex) != nil { return }
      var slots: [Tensor?] = []
      slots.reserveCapacity(node.outputCount)
      for index in 0..<node.outputCount { slots.append(index == outputIndex ? cotangent : nil) }
      reached[node.id] = Reached(node: node, cotangents: slots)
    }
    for seed in seeds { accumulate(seed.cotangent, into: seed.node, seed.outputIndex) }
    for id in stride(from: size - 1, through: 0, by: -1) {
      guard let record = reached[id].take() else { continue }
      let node = record.node
      guard !node.isLeaf else {
        reached[id] = consume record
        continue
      }
      let inputCotangents = node.pullBack(record.cotangents, consuming: consuming)
      let parents = node.parents
      for index in 0..<min(parents.count, inputCotangents.count) {
        guard let parent = parents[index], let cotangent = inputCotangents[index] else { continue }
        accumulate(cotangent.astype(parent.dtype), into: parent.node, parent.outputIndex)
      }
    }
    return leaves.map { leaf in leaf.flatMap { $0.id < size ? reached[$0.id]?.cotangents[0] : nil } }
  }

  /// A record a backward pass has reached, with the cotangents of its outputs so far.
  private struct Reached {
    let node: Node
    var cotangents: [Tensor?]

    /// Adds `cotangent` to output `index`'s.
    mutating func add(_ cotangent: Tensor, at index: Int) {
      cotangents[index] = addTangents(cotangents[index], cotangent)
    }
  }
}
