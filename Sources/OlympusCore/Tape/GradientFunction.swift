import OlympusKernels
import Synchronization

/// A node of the eager tape (PyTorch's `grad_fn`): the recorded application of a primitive, which
/// turns the gradients of its outputs into gradients of its inputs with the primitive's own VJP
/// rule, or the node that accumulates gradients into a leaf.
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
  /// Creation order: every node is created after the nodes of its inputs.
  let sequence: Int
  /// The user's operation when the recorded primitive is an exact rewrite of it (`pow(x, 2)`
  /// records `x * x`): the node is named after the user's operation (`PowBackward`).
  var userOperation: String?

  private static let counter = Atomic<Int>(0)

  private static func nextSequence() -> Int {
    counter.wrappingAdd(1, ordering: .relaxed).newValue
  }

  /// The states of the tensors this node produced, for `retainGrad()` (set before the node is
  /// published).
  var outputStates: [Weak] = []

  /// Records `primitive` applied to `inputs`, keeping `savedInputs` and `savedOutputs` (its
  /// residuals) for the backward pass.
  init(primitive: any Primitive, inputs: [Tensor], savedInputs: [Tensor], savedOutputs: [Tensor]) {
    kind = .primitive(primitive)
    saved = Locked(Saved(inputs: savedInputs, outputs: savedOutputs))
    outputCount = savedOutputs.count
    edges = inputs.map { input in
      guard let state = input.handle.autograd, state.requiresGrad else { return nil }
      if let node = state.gradientFunction { return (node, state.outputIndex) }
      return (state.accumulateNode(), 0)
    }
    sequence = GradientFunction.nextSequence()
  }

  init(accumulatingInto state: AutogradState) {
    kind = .accumulate(Weak(state: state))
    saved = Locked(Saved(inputs: [], outputs: []))
    outputCount = 0
    edges = []
    sequence = GradientFunction.nextSequence()
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
  /// freed them. With `releasing`, they are freed here (the caller's copies keep them alive
  /// while the rule runs), so of two passes that reach the node at once exactly one gets them.
  func takeSaved(releasing: Bool) -> (inputs: [Tensor], outputs: [Tensor])? {
    saved.withLock { state -> (inputs: [Tensor], outputs: [Tensor])? in
      guard !state.isReleased else { return nil }
      let values = (inputs: state.inputs, outputs: state.outputs)
      if releasing {
        state.inputs = []
        state.outputs = []
        state.isReleased = true
      }
      return values
    }
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
