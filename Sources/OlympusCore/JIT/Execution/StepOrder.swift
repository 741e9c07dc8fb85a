/// What the steps of the fusion pass wait for, kept so that "does this step wait for that one?"
/// costs a bounded search rather than a set of every earlier cluster per cluster and per value
/// (which grew quadratically with the graph, and went stale when a cluster it named gained
/// operands later).
///
/// Steps (clusters and unfused equations) are nodes; a node waits for the nodes defining its
/// operands, as they are now. `waits(_:for:)` searches depth first from the earlier node through
/// the nodes waiting for it and gives up after `searchLimit` nodes, answering "waits": that only
/// keeps an equation out of a cluster, so fusion stays correct, and linear in the size of the
/// graph on every input.
struct StepOrder {
  /// Nodes one search visits at most. With 1,024, the gradient of J1's RK4 integration fuses as
  /// with an unbounded search up to 100 steps (402 clusters) and within 1 % beyond (807 rather
  /// than 802 clusters at 200 steps), where proving that a backward equation's cotangent waits
  /// for a forward cluster takes a search through the rest of the graph; with 256, 4 % more
  /// clusters.
  static let searchLimit = 1024

  /// For each node, its most recent edge to a node waiting for it (-1 for none). Edges live in
  /// flat arrays, so a graph of 10⁵ steps makes no array per step.
  private var latestEdge: [Int] = []
  /// Each edge's waiting node.
  private var edgeTarget: [Int] = []
  /// Each edge's previous edge from the same node (-1 for none).
  private var edgeNext: [Int] = []
  /// The search that last visited each node.
  private var visitedBy: [Int] = []
  private var searches = 0
  /// The nodes a search has yet to visit (kept to reuse its memory).
  private var stack: [Int] = []

  /// How many nodes there are (numbered from 0).
  var nodeCount: Int { latestEdge.count }

  /// A new node waiting for `producers`.
  mutating func addNode(waitingFor producers: some Sequence<Int>) -> Int {
    let node = latestEdge.count
    latestEdge.append(-1)
    visitedBy.append(0)
    for producer in producers { add(node, waitingFor: producer) }
    return node
  }

  /// Makes `node` wait for `producer`.
  mutating func add(_ node: Int, waitingFor producer: Int) {
    let latest = latestEdge[producer]
    guard latest < 0 || edgeTarget[latest] != node else { return }
    edgeTarget.append(node)
    edgeNext.append(latest)
    latestEdge[producer] = edgeTarget.count - 1
  }

  /// Whether `node` waits for `ancestor`, directly or not; `true` also when the search gives up.
  mutating func waits(_ node: Int, for ancestor: Int) -> Bool {
    if node == ancestor { return true }
    searches += 1
    stack.removeAll(keepingCapacity: true)
    stack.append(ancestor)
    visitedBy[ancestor] = searches
    var visited = 0
    while let current = stack.popLast() {
      visited += 1
      if visited > Self.searchLimit { return true }
      var edge = latestEdge[current]
      while edge >= 0 {
        let next = edgeTarget[edge]
        edge = edgeNext[edge]
        if visitedBy[next] == searches { continue }
        if next == node { return true }
        visitedBy[next] = searches
        stack.append(next)
      }
    }
    return false
  }
}
