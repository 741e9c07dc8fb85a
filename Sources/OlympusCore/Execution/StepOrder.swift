/// What the steps of the fusion pass wait for, kept so that "does this step wait for that one?"
/// costs a bounded search rather than a set of every earlier step per step (which grew
/// quadratically with the graph).
///
/// Steps are nodes; a node waits for the nodes defining its operands. `waits(_:for:)` searches
/// from the earlier node through the nodes waiting for it and gives up after `searchLimit` nodes,
/// answering "waits": that only keeps an equation out of a cluster, so fusion stays correct, and
/// linear in the size of the graph on every input.
struct StepOrder {
  /// Nodes one search visits at most. Unrelated steps are told apart within a few dozen nodes; a
  /// step that does wait for another, such as a backward equation's cotangent for a forward
  /// cluster of an unrolled integration (through the whole rest of the graph), is found at once
  /// or assumed.
  static let searchLimit = 1024

  /// The nodes that wait for each node directly.
  private var waiting: [[Int]] = []
  /// The search that last visited each node.
  private var visitedBy: [Int] = []
  private var searches = 0

  /// A new node waiting for `producers`.
  mutating func addNode(waitingFor producers: some Sequence<Int>) -> Int {
    let node = waiting.count
    waiting.append([])
    visitedBy.append(0)
    for producer in producers { add(node, waitingFor: producer) }
    return node
  }

  /// Makes `node` wait for `producer`.
  mutating func add(_ node: Int, waitingFor producer: Int) {
    if waiting[producer].last != node { waiting[producer].append(node) }
  }

  /// Whether `node` waits for `ancestor`, directly or not; `true` also when the search gives up.
  mutating func waits(_ node: Int, for ancestor: Int) -> Bool {
    if node == ancestor { return true }
    searches += 1
    var stack = [ancestor]
    visitedBy[ancestor] = searches
    var visited = 0
    while let current = stack.popLast() {
      visited += 1
      if visited > Self.searchLimit { return true }
      for next in waiting[current] where visitedBy[next] != searches {
        if next == node { return true }
        visitedBy[next] = searches
        stack.append(next)
      }
    }
    return false
  }
}
