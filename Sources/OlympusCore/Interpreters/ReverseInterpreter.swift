/// Reverse mode: records, for each primitive applied to its tracers, what the primitive's VJP
/// rule needs, so that a pullback can walk the records backwards.
final class ReverseInterpreter: Interpreter {
  let level: Int

  init(level: Int) { self.level = level }

  /// One application of a primitive (or an input, for leaves), with what its VJP needs: a node of
  /// the graph the one backward walker (`backpropagate`) walks.
  ///
  /// A record is also the tracer of its first output, so a traced value costs no object of its
  /// own; further outputs of multi-output primitives have an `OutputTracer` each. The value behind
  /// a traced tensor is kept by the tensor itself (`TensorHandle.tracedPrimal`), not by the record,
  /// so it lives no longer than the tensor unless the VJP rule reads it.
  final class Node: OlympusCore.Tracer, BackwardNode {
    let sequence: Int
    /// `nil` for an input of the differentiated function.
    let primitive: (any Primitive)?
    /// Where each input came from, `nil` for inputs this interpreter does not follow; emptied by
    /// a releasing backward pass once the node has passed its cotangents on (`releaseParents()`).
    private(set) var parents: [Parent?]
    /// The inputs and outputs the VJP rule reads (emptied by a releasing backward pass); none for
    /// leaves.
    var primals: [Tensor]
    var outputs: [Tensor]

    let isLeaf: Bool
    let outputCount: Int

    var parentCount: Int { parents.count }

    func parent(_ index: Int) -> (node: Node, outputIndex: Int)? {
      parents[index].map { ($0.node, $0.outputIndex) }
    }

    /// Drops the references to the records of the inputs: a record is then freed as soon as the
    /// pass has run every record that reads it, so the pass frees the graph as it walks it rather
    /// than all at once after it.
    func releaseParents() { parents = [] }

    var name: String { primitive.map(backwardName(of:)) ?? "input" }

    /// The rule's cotangents, converted to the types of the inputs. A releasing call frees the
    /// record's values: they are moved out for the rule (no reference counting) and released
    /// after it. (Records live inside one transformation, so they never record outputs on the
    /// tape, and a releasing pullback is the last.)
    func pullBack(_ cotangents: [Tensor?], releasing: Bool, recordsOutputs: Bool) -> [Tensor?]? {
      guard let primitive else { return [] }
      var primals: [Tensor] = []
      var outputs: [Tensor] = []
      if releasing {
        swap(&primals, &self.primals)
        swap(&outputs, &self.outputs)
      } else {
        primals = self.primals
        outputs = self.outputs
      }
      var results = primitive.vjp(primals: primals, outputs: outputs, cotangents: cotangents, needed: neededInputs(parents))
      for index in 0..<min(results.count, parents.count) {
        if let dtype = parents[index]?.dtype, let cotangent = results[index], cotangent.dtype != dtype {
          results[index] = cotangent.astype(dtype)
        }
      }
      return results
    }

    init(
      _ interpreter: ReverseInterpreter, primitive: (any Primitive)?, parents: [Parent?], primals: [Tensor],
      outputs: [Tensor]
    ) {
      sequence = nextBackwardNodeSequence()
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

  /// An input of the differentiated function, traced.
  func leaf(_ primal: Tensor) -> (tensor: Tensor, node: Node) {
    let node = Node(self, primitive: nil, parents: [], primals: [], outputs: [])
    return (Tensor(tracer: node, type: primal.type, primal: primal), node)
  }

  func bind(_ primitive: any Primitive, _ inputs: [Tensor]) -> [Tensor] {
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
    let outputs = OlympusCore.bind(any: primitive, primals)
    // An output with no floating-point part, or with its derivative stopped, has no record: nothing
    // flows back through it, so its inputs' records need not stay alive for its sake.
    guard outputs.contains(where: { $0.dtype.isFloatingPoint }), !primitive.hasZeroDerivative else {
      return outputs
    }
    let kept = residuals(of: primitive, inputs: primals, outputs: outputs)
    let node = Node(self, primitive: primitive, parents: parents, primals: kept.inputs, outputs: kept.outputs)
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
}
