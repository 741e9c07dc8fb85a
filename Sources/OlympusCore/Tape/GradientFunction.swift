import OlympusKernels
import Synchronization

/// A node of the eager tape (PyTorch's `grad_fn`): the recorded application of a primitive, which
/// turns the gradients of its outputs into gradients of its inputs with the primitive's own VJP
/// rule, or the node that accumulates gradients into a leaf. The tape's nodes form the graph the one
/// backward walker (`backpropagate`) walks, as the reverse interpreter's records do for `grad`.
///
/// A node may be reached by backward passes on several threads: what changes after recording
/// (the saved values and output hooks) is behind a lock.
public final class GradientFunction: CustomStringConvertible {
  enum Kind {
    case primitive(any Primitive)
    case accumulate(Weak)
  }

  /// A weak reference to a leaf's state (the leaf owns its accumulate node).
  struct Weak {
    weak var state: AutogradState?
  }

  /// What a node keeps for its backward pass, and the hooks on its outputs: everything of a node
  /// that changes after it is recorded, guarded together because backward passes on several
  /// threads may reach one node.
  private struct Saved {
    /// The inputs as recorded (with their own tape state, so `createGraph` can differentiate
    /// again).
    var inputs: [Tensor]
    /// The outputs' values, without tape state (keeping their state here would be a cycle).
    var outputs: [Tensor]
    /// Set when a backward pass freed the saved tensors.
    var isReleased = false
    /// The types of the freed values, kept (as PyTorch keeps a node's metadata) when the rule reads
    /// none of them, so that later passes can run it on placeholders.
    var releasedTypes: (inputs: [TensorType], outputs: [TensorType])?
    /// Hooks registered on the tensors this node produced, per output (empty until a hook is
    /// registered). They live here rather than in the tensors' state so that a hook on a
    /// temporary still runs after the temporary is gone.
    var outputHooks: [[(Tensor) -> Tensor?]] = []
  }

  let kind: Kind
  private let saved: Locked<Saved>
  /// How many outputs the recorded operation has.
  let outputCount: Int
  /// Where each input's gradient goes: the input's node and output index.
  let edges: [(node: GradientFunction, index: Int)?]
  /// Where the forward operation was called, recorded under anomaly detection (set before the
  /// node is published).
  var forwardCallSite: String?
  let sequence: Int
  /// Whether the rule reads the value (not just the type) of a saved tensor: then a pass after the
  /// saved tensors were freed is rejected.
  private let ruleReadsValues: Bool
  /// The user's operation when the recorded primitive is an exact rewrite of it (`pow(x, 2)`
  /// records `x * x`): the node is named after the user's operation (`PowBackward`).
  var userOperation: String?

  /// The states of the tensors this node produced, for `retainGrad()` (set before the node is
  /// published).
  var outputStates: [Weak] = []

  /// Records `primitive` applied to `inputs`, keeping `savedInputs` and `savedOutputs` (its
  /// residuals) for the backward pass.
  init(primitive: any Primitive, inputs: [Tensor], savedInputs: [Tensor], savedOutputs: [Tensor]) {
    kind = .primitive(primitive)
    saved = Locked(Saved(inputs: savedInputs, outputs: savedOutputs))
    outputCount = savedOutputs.count
    ruleReadsValues = primitive.vjpReadsOutputs || savedInputs.indices.contains(where: primitive.vjpReadsInput)
    edges = inputs.map { input in
      guard let state = input.handle.autograd, state.requiresGrad else { return nil }
      if let node = state.gradientFunction { return (node, state.outputIndex) }
      return (state.accumulateNode(), 0)
    }
    sequence = nextBackwardNodeSequence()
  }

  init(accumulatingInto state: AutogradState) {
    kind = .accumulate(Weak(state: state))
    saved = Locked(Saved(inputs: [], outputs: []))
    outputCount = 1
    ruleReadsValues = false
    edges = []
    sequence = nextBackwardNodeSequence()
  }

  /// `MulBackward`, `SinBackward`, `AccumulateGrad` …
  public var name: String {
    switch kind {
    case .accumulate: return "AccumulateGrad"
    case .primitive(let primitive): return userOperation.map { $0 + "Backward" } ?? backwardName(of: primitive)
    }
  }

  /// The nodes the gradients of this node's inputs flow to, with the output index of each; `nil`
  /// for inputs that need no gradient (constants), as in PyTorch's `next_functions`.
  public var nextFunctions: [(function: GradientFunction?, index: Int)] {
    edges.map { edge in (edge?.node, edge?.index ?? 0) }
  }

  /// How many tensors this node keeps for its backward pass (0 once a backward pass freed them).
  public var savedTensorCount: Int {
    saved.withLock { $0.isReleased ? 0 : $0.inputs.count + $0.outputs.count }
  }

  /// The saved inputs and outputs for one backward step, or `nil` when a backward pass already
  /// freed them and the rule reads them. With `releasing`, they are freed here (the caller's
  /// copies keep them alive while the rule runs), so of two passes that reach the node at once
  /// exactly one gets them. A rule that reads only types gets placeholders of the freed values.
  func takeSaved(releasing: Bool) -> (inputs: [Tensor], outputs: [Tensor])? {
    let taken = saved.withLock { state -> (values: (inputs: [Tensor], outputs: [Tensor])?, types: Bool) in
      guard !state.isReleased else { return (nil, state.releasedTypes != nil) }
      let values = (inputs: state.inputs, outputs: state.outputs)
      if releasing {
        if !ruleReadsValues { state.releasedTypes = (values.inputs.map(\.type), values.outputs.map(\.type)) }
        state.inputs = []
        state.outputs = []
        state.isReleased = true
      }
      return (values, false)
    }
    if let values = taken.values { return values }
    guard taken.types, let types = saved.withLock({ $0.releasedTypes }) else { return nil }
    let placeholder = { (type: TensorType) in Tensor.zeros(type.shape, dtype: type.dtype) }
    return (types.inputs.map(placeholder), types.outputs.map(placeholder))
  }

  /// Adds a hook on output `index`'s gradient.
  func addHook(_ hook: @escaping (Tensor) -> Tensor?, toOutput index: Int) {
    saved.withLock { state in
      if state.outputHooks.isEmpty { state.outputHooks = Array(repeating: [], count: outputCount) }
      state.outputHooks[index].append(hook)
    }
  }

  /// The hooks on output `index`'s gradient, in registration order.
  func hooks(forOutput index: Int) -> [(Tensor) -> Tensor?] {
    saved.withLock { state in index < state.outputHooks.count ? state.outputHooks[index] : [] }
  }

  /// `<MulBackward>`.
  public var description: String { "<\(name)>" }
}

/// PyTorch's name for the backward node of a primitive where there is one, else the primitive's
/// type name, followed by `Backward`.
func backwardName(of primitive: any Primitive) -> String {
  let typeName = String(describing: type(of: primitive))
  let shortNames = [
    "Multiply": "Mul", "Subtract": "Sub", "Divide": "Div", "Power": "Pow", "Negate": "Neg", "Absolute": "Abs",
    "ReduceSum": "Sum", "ReduceProduct": "Prod", "ReduceMax": "Max", "ReduceMin": "Min", "Reshape": "View",
    "Transpose": "Permute", "BroadcastInDim": "Expand", "Concatenate": "Cat", "Take": "IndexSelect",
    "MatMul": "Mm", "Convert": "ToCopy", "CumulativeSum": "Cumsum", "Select": "Where", "Remainder": "Remainder",
    "Maximum": "Maximum", "Minimum": "Minimum", "Sigmoid": "Sigmoid", "CustomFunction": "Custom",
  ]
  return (shortNames[typeName] ?? typeName) + "Backward"
}

extension GradientFunction: BackwardNode {
  var isLeaf: Bool {
    if case .accumulate = kind { return true }
    return false
  }

  var parentCount: Int { edges.count }

  func parent(_ index: Int) -> (node: GradientFunction, outputIndex: Int)? {
    edges[index].map { ($0.node, $0.index) }
  }

  /// A leaf's hooks (kept with its tape state) or the hooks on this node's outputs.
  func applyHooks(to cotangents: inout [Tensor?]) {
    for index in cotangents.indices {
      guard let cotangent = cotangents[index] else { continue }
      let hooked: Tensor
      switch kind {
      case .accumulate(let leaf):
        guard let state = leaf.state else { continue }
        hooked = state.applyHooks(cotangent)
      case .primitive:
        hooked = hooks(forOutput: index).reduce(cotangent) { value, hook in hook(value) ?? value }
      }
      cotangents[index] = checkedHookResult(hooked, replacing: cotangent)
    }
  }

  /// The leaf's state, or the state of an output that retains its gradient.
  func gradientReceiver(forOutput index: Int) -> (state: AutogradState, isLeaf: Bool)? {
    switch kind {
    case .accumulate(let leaf): return leaf.state.map { ($0, true) }
    case .primitive:
      guard let state = outputStates[index].state, state.retainsGrad else { return nil }
      return (state, false)
    }
  }

  /// The primitive's VJP rule on the saved values; with `recordsOutputs` the outputs carry this
  /// node as their producer, so the rule's own operations are recorded (`createGraph`).
  func pullBack(_ cotangents: [Tensor?], releasing: Bool, recordsOutputs: Bool) -> [Tensor?]? {
    guard case .primitive(let primitive) = kind else { return [] }
    guard let saved = takeSaved(releasing: releasing) else { return nil }
    let outputs =
      recordsOutputs
      ? saved.outputs.enumerated().map { index, output in
        output.withAutograd(AutogradState(requiresGrad: true, gradientFunction: self, outputIndex: index))
      } : saved.outputs
    return primitive.vjp(primals: saved.inputs, outputs: outputs, cotangents: cotangents, needed: neededInputs(edges))
  }
}

/// `hooked`, the gradient hooks made of `gradient`, when it has the same type; otherwise rejected
/// (a hook must not change a gradient's shape or element type, as in PyTorch).
private func checkedHookResult(_ hooked: Tensor, replacing gradient: Tensor) -> Tensor {
  guard hooked.type == gradient.type || hooked.isFailed else {
    return reject(
      OlympusError("registerHook(_:)", "a hook returned a gradient \(hooked.type) in place of \(gradient.type)"))
  }
  return hooked
}

extension GradientFunction {
  /// The graph reachable from this node in Graphviz DOT, one box per node and an arrow from each
  /// node to the nodes in its `nextFunctions` (the direction gradients flow).
  ///
  /// ```swift
  /// print(loss.gradFn!.dot())   // paste into `dot -Tsvg`
  /// ```
  public func dot() -> String {
    var lines = ["digraph gradFn {", "  node [shape=box, fontname=\"Helvetica\"];"]
    var identifiers: [ObjectIdentifier: Int] = [:]
    var pending = [self]
    func identifier(_ node: GradientFunction) -> Int {
      if let known = identifiers[ObjectIdentifier(node)] { return known }
      let fresh = identifiers.count
      identifiers[ObjectIdentifier(node)] = fresh
      lines.append("  n\(fresh) [label=\"\(node.name)\"];")
      pending.append(node)
      return fresh
    }
    _ = identifier(self)
    pending = [self]
    var visited = Set<ObjectIdentifier>()
    while let node = pending.popLast() {
      guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
      let source = identifier(node)
      for case let (next?, _) in node.nextFunctions {
        lines.append("  n\(source) -> n\(identifier(next));")
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n")
  }
}
