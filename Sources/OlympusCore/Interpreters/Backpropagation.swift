import Synchronization

/// A node of a reverse-mode graph, the unit the one backward walker (`backpropagate`) works on.
///
/// Two front ends build such graphs: the reverse interpreter of `vjp`/`grad` (its records,
/// `ReverseInterpreter.Node`) and the eager tape (`GradientFunction`). Both apply the primitives'
/// own VJP rules; what differs is only where a node keeps its saved values and what it does with
/// a gradient besides passing it on (hooks, `.grad`), which the requirements below expose.
protocol BackwardNode: AnyObject {
  /// Creation order, drawn from one process-wide counter (`nextBackwardNodeSequence()`): a node is
  /// created after the nodes whose outputs it reads, so walking from high to low sequence runs a
  /// node's rule after the rules of every node that reads it.
  var sequence: Int { get }
  /// How many outputs the node has (one for a leaf): the cotangent slots a walk keeps for it.
  var outputCount: Int { get }
  /// Whether the node is a leaf (an input of the differentiated function, a tensor on the tape
  /// created by the user): it has no rule and no parents.
  var isLeaf: Bool { get }
  /// How many inputs the node's rule has.
  var parentCount: Int { get }
  /// Where the cotangent of input `index` goes: the node and output that produced that input, or
  /// `nil` for an input nobody differentiates.
  func parent(_ index: Int) -> (node: Self, outputIndex: Int)?
  /// The node's name in error messages (`MulBackward`).
  var name: String { get }
  /// Where the node's forward operation was called, when anomaly detection recorded it.
  var forwardCallSite: String? { get }

  /// Runs the hooks registered on the node's outputs on their cotangents (a hook may replace one).
  func applyHooks(to cotangents: inout [Tensor?])
  /// The tape state whose `.grad` receives output `index`'s cotangent during an accumulating pass
  /// (a leaf's, or a non-leaf's after `retainGrad()`), and whether it is a leaf's.
  func gradientReceiver(forOutput index: Int) -> (state: AutogradState, isLeaf: Bool)?
  /// The cotangents of the node's inputs by its primitive's VJP rule, each in its input's type.
  /// `releasing` frees the node's saved values (they cannot be read again); `recordsOutputs`
  /// gives the rule outputs on the tape (`createGraph`). `nil` when the rule needs a value an
  /// earlier pass freed.
  func pullBack(_ cotangents: [Tensor?], releasing: Bool, recordsOutputs: Bool) -> [Tensor?]?
  /// Called by a releasing pass once the node has passed its input cotangents on: the node may
  /// drop its references to its parents, which no pass reads again.
  func releaseParents()
}

extension BackwardNode {
  /// No hooks.
  func applyHooks(to cotangents: inout [Tensor?]) {}
  /// No `.grad`.
  func gradientReceiver(forOutput index: Int) -> (state: AutogradState, isLeaf: Bool)? { nil }
  /// Not recorded.
  var forwardCallSite: String? { nil }
  /// Keeps the parents.
  func releaseParents() {}
}

private let backwardNodeCounter = Atomic<Int>(0)

/// The next creation sequence number of a backward node (see `BackwardNode.sequence`).
func nextBackwardNodeSequence() -> Int {
  backwardNodeCounter.wrappingAdd(1, ordering: .relaxed).newValue
}

/// What a backward pass does besides computing cotangents: the tape's options as PyTorch names
/// them, off for `vjp`/`grad`.
struct BackwardOptions {
  /// Adds the cotangents reaching leaves (and non-leaves that retain theirs) into their `.grad`
  /// once the whole pass has succeeded (a pass rejected halfway changes no `.grad`).
  var accumulatesGradients = false
  /// Frees each node's saved values once its rule has run (without `retainGraph`).
  var releasesSavedValues = false
  /// Records the pass itself on the tape so it can be differentiated again (`createGraph`);
  /// `nil` leaves the tape as the caller set it (transformations record through `bind`).
  var recordsOnTape: Bool?
  /// Rejects the first NaN or infinite cotangent a rule returns, naming the node.
  var detectsAnomalies = false
}

/// The one reverse-mode walker, for `vjp`/`grad` and the tape alike: pushes `seeds` back through
/// the graph with each node's VJP rule, and returns the cotangent reaching each of `targets`
/// (after the target's hooks; `nil` where none arrives). `nil` entries of `targets` get `nil`.
///
/// Nodes run in decreasing creation sequence — one topological order, the same for both front
/// ends — and a node is found as cotangents reach it, without a walk of the graph first. The
/// cotangents reaching one output are summed in the order they arrive (one accumulation routine).
/// After a rejection (a hook's gradient of the wrong type, a freed value, an anomaly) the walk
/// stops and every target gets `nil`.
func backpropagate<Node: BackwardNode>(
  seeds: [(node: Node, outputIndex: Int, cotangent: Tensor)], targets: [(node: Node, outputIndex: Int)?],
  options: BackwardOptions
) -> [Tensor?] {
  guard options.accumulatesGradients || options.recordsOnTape != nil else {
    var walk = BackwardWalk(targets: targets, options: options)
    return walk.run(seeds) ?? nils(targets.count)
  }
  let (result, rejected) = detectingRejection {
    withGradientMode(options.recordsOnTape ?? isGradEnabled) {
      var walk = BackwardWalk(targets: targets, options: options)
      return walk.run(seeds).map { ($0, walk.accumulations) }
    }
  }
  guard !rejected, let (captured, accumulations) = result else { return nils(targets.count) }
  withGradientMode(options.recordsOnTape ?? isGradEnabled) {
    for (state, gradient, isLeaf) in accumulations { state.accumulate(gradient, runsHooks: isLeaf) }
  }
  return captured
}

/// The state of one backward pass.
private struct BackwardWalk<Node: BackwardNode> {
  let options: BackwardOptions
  /// Cotangents that have reached a node and wait for it to run, highest sequence first.
  var queue = ArrivalQueue<Node>()
  /// The targets' positions, by decreasing sequence of their nodes: nodes run in that order, so
  /// one cursor finds each node's targets. `nil` when the targets are all present and in
  /// increasing sequence (the inputs of a transformation), so that the order is the reverse of the
  /// list and needs no table.
  let targetOrder: [Int]?
  let targets: [(node: Node, outputIndex: Int)?]
  var nextTarget = 0
  /// The sequence of the node of the next target in that order (`Int.min` when none is left):
  /// nodes above it hold no target, which one comparison tells.
  var nextTargetSequence = Int.min
  var captured: [Tensor?]
  /// `.grad` updates, applied once the pass has succeeded.
  var accumulations: [(state: AutogradState, gradient: Tensor, isLeaf: Bool)] = []

  init(targets: [(node: Node, outputIndex: Int)?], options: BackwardOptions) {
    self.options = options
    self.targets = targets
    captured = nils(targets.count)
    var increasing = true
    var previous = Int.min
    for target in targets {
      guard let target, target.node.sequence > previous else {
        increasing = false
        break
      }
      previous = target.node.sequence
    }
    targetOrder =
      increasing
      ? nil
      : targets.indices.filter { targets[$0] != nil }.sorted {
        targets[$0]!.node.sequence > targets[$1]!.node.sequence
      }
    nextTargetSequence = targetSequence(at: 0)
  }

  /// The sequence of the node of target `rank` in visiting order, `Int.min` past the last one.
  func targetSequence(at rank: Int) -> Int {
    let count = targetOrder?.count ?? targets.count
    guard rank < count else { return Int.min }
    return targets[targetOrder?[rank] ?? count - 1 - rank]?.node.sequence ?? Int.min
  }

  /// Walks the graph from `seeds`; `nil` after a rejection of the walk's own.
  mutating func run(_ seeds: [(node: Node, outputIndex: Int, cotangent: Tensor)]) -> [Tensor?]? {
    for seed in seeds { queue.push(seed.node, seed.outputIndex, seed.cotangent) }
    while let node = queue.topNode {
      // Every cotangent of this node has arrived: sum them per output, in arrival order.
      var cotangents: [Tensor?] = nils(node.outputCount)
      while let arrival = queue.popArrival(at: node) {
        cotangents[arrival.outputIndex] = addTangents(cotangents[arrival.outputIndex], arrival.cotangent)
      }
      node.applyHooks(to: &cotangents)
      capture(cotangents, of: node)
      if options.accumulatesGradients {
        for (index, cotangent) in cotangents.enumerated() {
          guard let cotangent, let receiver = node.gradientReceiver(forOutput: index) else { continue }
          accumulations.append((receiver.state, cotangent, receiver.isLeaf))
        }
      }
      guard !node.isLeaf else { continue }
      guard
        let inputCotangents = node.pullBack(
          cotangents, releasing: options.releasesSavedValues, recordsOutputs: options.recordsOnTape == true)
      else {
        _ = reject(
          OlympusError(
            "backward", "trying to walk the graph through \(node.name) a second time after its saved tensors "
              + "were freed; pass retainGraph: true to the first backward pass"))
        return nil
      }
      if options.detectsAnomalies, let index = firstNonFinite(inputCotangents) {
        _ = reject(
          OlympusError(
            "backward", "\(node.name) returned a NaN or infinite gradient for its input \(index)"
              + (node.forwardCallSite.map { "; its forward operation was called from:\n\($0)" } ?? "")))
        return nil
      }
      for index in 0..<min(node.parentCount, inputCotangents.count) {
        guard let cotangent = inputCotangents[index], let parent = node.parent(index) else { continue }
        queue.push(parent.node, parent.outputIndex, cotangent)
      }
      if options.releasesSavedValues { node.releaseParents() }
    }
    return captured
  }

  /// Keeps the cotangents of `node`'s outputs that are targets.
  mutating func capture(_ cotangents: [Tensor?], of node: Node) {
    let count = targetOrder?.count ?? targets.count
    while nextTargetSequence >= node.sequence {
      let position = targetOrder?[nextTarget] ?? count - 1 - nextTarget
      if let target = targets[position], target.node === node { captured[position] = cotangents[target.outputIndex] }
      nextTarget += 1
      nextTargetSequence = targetSequence(at: nextTarget)
    }
  }
}

/// The index of the first floating-point cotangent with a NaN or infinity.
private func firstNonFinite(_ cotangents: [Tensor?]) -> Int? {
  cotangents.indices.first { index in
    guard let cotangent = cotangents[index], cotangent.dtype.isFloatingPoint else { return false }
    return !isFinite(cotangent).all().item(as: Bool.self)
  }
}

/// The cotangents on their way to nodes: a binary max-heap ordered by the receiving node's
/// sequence, then by arrival, so a node's cotangents come out together and in arrival order.
/// Arrivals are swapped through the heap's buffer, which moves them (`Array.swapAt` copies them,
/// counting a reference to each node and cotangent, which in a large graph lie beyond the cache).
private struct ArrivalQueue<Node: BackwardNode> {
  struct Arrival {
    let sequence: Int
    let order: Int
    let node: Node
    let outputIndex: Int
    let cotangent: Tensor

    /// Whether this arrival leaves the queue before `other`.
    func precedes(_ other: Arrival) -> Bool {
      sequence > other.sequence || (sequence == other.sequence && order < other.order)
    }
  }

  private var heap: [Arrival]
  private var arrivals = 0

  /// An empty queue with room for the arrivals of a small graph, so that it rarely grows.
  init() {
    heap = []
    heap.reserveCapacity(16)
  }

  /// The node of the next arrival.
  var topNode: Node? { heap.isEmpty ? nil : heap[0].node }

  mutating func push(_ node: Node, _ outputIndex: Int, _ cotangent: Tensor) {
    heap.append(
      Arrival(sequence: node.sequence, order: arrivals, node: node, outputIndex: outputIndex, cotangent: cotangent))
    arrivals += 1
    heap.withUnsafeMutableBufferPointer { heap in
      var child = heap.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard heap[child].precedes(heap[parent]) else { break }
        heap.swapAt(child, parent)
        child = parent
      }
    }
  }

  /// Removes and returns the next arrival when it is for `node`.
  mutating func popArrival(at node: Node) -> Arrival? {
    guard !heap.isEmpty, heap[0].node === node else { return nil }
    // The only arrival (a chain's): nothing to reorder.
    guard heap.count > 1 else { return heap.removeLast() }
    // Moved, never copied: the last arrival takes the top's place and sinks.
    heap.withUnsafeMutableBufferPointer { $0.swapAt(0, $0.count - 1) }
    let top = heap.removeLast()
    heap.withUnsafeMutableBufferPointer { heap in
      var parent = 0
      while true {
        let left = 2 * parent + 1
        guard left < heap.count else { break }
        let right = left + 1
        let child = right < heap.count && heap[right].precedes(heap[left]) ? right : left
        guard heap[child].precedes(heap[parent]) else { break }
        heap.swapAt(child, parent)
        parent = child
      }
    }
    return top
  }
}
