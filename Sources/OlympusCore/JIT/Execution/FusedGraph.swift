/// A graph with its elementwise equations grouped into fused clusters, in an order that runs
/// every step after the steps it reads: what `Graph.fusingElementwise()` gives and
/// `CompiledGraph` runs.
public struct FusedGraph: CustomStringConvertible {
  /// One unit of execution.
  enum Step {
    /// Elementwise equations (and reductions of their values) run tile by tile.
    case cluster(FusedCluster)
    /// An equation evaluated on its own.
    case equation(Graph.Equation)

    /// Calls `body` with each operand the step reads.
    func forEachOperand(_ body: (Graph.Atom) -> Void) {
      switch self {
      case .cluster(let cluster): cluster.inputs.forEach(body)
      case .equation(let equation): equation.inputs.forEach(body)
      }
    }
  }

  /// The graph fused.
  public let graph: Graph
  /// The steps, in execution order.
  let steps: [Step]

  /// How many fused clusters the graph has.
  public var clusterCount: Int {
    steps.count { if case .cluster = $0 { true } else { false } }
  }

  /// The fused graph in the notation of `Graph.description`, a cluster as
  /// `v5:float32[3] = fused { … } v0 v1` listing its equations, and its results and operands.
  public var description: String {
    let parameters = graph.inputs.map { "v\($0.id):\($0.type)" }.joined(separator: " ")
    let lines = steps.map { step -> String in
      switch step {
      case .equation(let equation): return equation.description
      case .cluster(let cluster):
        let body = (cluster.equations + cluster.reductions).map { "        " + $0.description }
        return cluster.outputs.map { "v\($0.id):\($0.type)" }.joined(separator: " ") + " = fused {\n"
          + body.joined(separator: "\n") + "\n      } " + cluster.inputs.map(\.name).joined(separator: " ")
      }
    }
    return "{ lambda \(parameters) .\n  let " + lines.joined(separator: "\n      ") + "\n  in ("
      + graph.outputs.map(\.name).joined(separator: ", ") + ") }"
  }
}

extension Graph {
  /// The graph with maximal groups of elementwise equations of one shape fused (XLA's loop
  /// fusion): unary and binary arithmetic, transcendental functions, comparisons, logical
  /// operations, `select` and `convert`, whose operands are values of that shape (full arrays or
  /// broadcast scalars). A reduction over trailing axes of a fused value joins its cluster and
  /// accumulates tile by tile. Equations join a cluster greedily in graph order unless that would
  /// make the cluster depend on itself through an equation outside it.
  public func fusingElementwise() -> FusedGraph {
    var builder = FusionBuilder(variableCount: variableCount)
    for (index, equation) in equations.enumerated() {
      equations.prefetch(index + Graph.Equation.prefetchDistance)
      builder.add(equation, at: index)
    }
    return FusedGraph(graph: self, steps: builder.steps(outputs: outputs, equations: equations))
  }
}

/// The state of the fusion pass.
private struct FusionBuilder {
  /// A cluster being formed. Its operands, and the variables its members define, are listed as
  /// members join, while each member is in the cache: a large graph's equations lie scattered
  /// beyond it, and a later walk over the members would wait for memory once per equation.
  struct Forming {
    /// The cluster so far, its operands listed.
    var cluster: FusedCluster
    /// The graph position of its latest member.
    var lastPosition = -1
    /// The identities of its operands so far.
    var operandKeys = Set<AtomKey>()
    /// The variables its elementwise equations define, in order.
    var defined: [Graph.Variable] = []
    /// The variables its reductions define, in order.
    var reduced: [Graph.Variable] = []
  }

  /// Clusters being formed.
  var clusters: [Forming] = []
  /// The step node (in `order`) of each cluster.
  var clusterNode: [Int] = []
  /// What each step waits for.
  var order = StepOrder()
  /// The cluster that defines each variable defined in one, by variable number (-1 for none).
  var clusterOf: [Int]
  /// The step node that defines each variable, by variable number (-1 for graph inputs).
  var nodeOf: [Int]
  /// Whether each variable is a reduction result, which exists only once its cluster has finished.
  var isReductionResult: [Bool]
  /// The most recent cluster of each shape.
  var latestCluster: [[Int]: Int] = [:]
  /// The graph positions and step nodes of the equations left unfused.
  var unfused: [(position: Int, node: Int)] = []
  /// Whether each variable is read outside the cluster that defines it (any read of a reduction
  /// result, or by an unfused equation, counts), by variable number: marked as equations are
  /// added, so that the pass reads the graph's equations once.
  var externalUse: [Bool]

  init(variableCount: Int) {
    clusterOf = [Int](repeating: -1, count: variableCount)
    nodeOf = [Int](repeating: -1, count: variableCount)
    isReductionResult = [Bool](repeating: false, count: variableCount)
    externalUse = [Bool](repeating: false, count: variableCount)
  }

  /// The step node that must finish before `atom` is available, if any.
  func producer(_ atom: Graph.Atom) -> Int? {
    guard case .variable(let variable) = atom, nodeOf[variable.id] >= 0 else { return nil }
    return nodeOf[variable.id]
  }

  /// Whether `equation` can run inside cluster `index`: each operand is a per-element value of the
  /// cluster or available before the cluster starts.
  mutating func canJoin(_ equation: Graph.Equation, _ index: Int) -> Bool {
    equation.inputs.allSatisfy { atom in
      if case .variable(let variable) = atom, clusterOf[variable.id] == index {
        return !isReductionResult[variable.id]
      }
      guard let producer = producer(atom) else { return true }
      return !order.waits(producer, for: clusterNode[index])
    }
  }

  /// Adds the equation at graph position `position` to a cluster, or leaves it unfused.
  mutating func add(_ equation: Graph.Equation, at position: Int) {
    place(equation, at: position)
    // Where the equation went is final, as are its operands' clusters.
    let consumer = equation.outputs.first.map { clusterOf[$0.id] } ?? -1
    for case .variable(let variable) in equation.inputs
    where consumer < 0 || consumer != clusterOf[variable.id] || isReductionResult[variable.id] {
      externalUse[variable.id] = true
    }
  }

  /// Joins `equation` to a cluster (a new one if none can take it), or lists it as unfused.
  private mutating func place(_ equation: Graph.Equation, at position: Int) {
    let shape = equation.outputs[0].type.shape
    if TileOperation(equation.primitive) != nil, equation.outputs[0].type.elementCount > 0 {
      // Candidates: the clusters of the operands, in order, then the latest cluster of the shape.
      var chosen: Int?
      for case .variable(let variable) in equation.inputs where clusterOf[variable.id] >= 0 {
        let index = clusterOf[variable.id]
        if clusters[index].cluster.shape == shape, canJoin(equation, index) {
          chosen = index
          break
        }
      }
      if chosen == nil, let latest = latestCluster[shape], canJoin(equation, latest) { chosen = latest }
      if let index = chosen {
        join(equation, index, at: position, reduction: false)
      } else {
        clusters.append(Forming(cluster: FusedCluster(shape: shape)))
        clusterNode.append(order.addNode(waitingFor: []))
        latestCluster[shape] = clusters.count - 1
        join(equation, clusters.count - 1, at: position, reduction: false)
      }
      return
    }
    if let rowLength = fusibleReductionRowLength(equation), case .variable(let input) = equation.inputs[0],
      clusterOf[input.id] >= 0, !isReductionResult[input.id],
      clusters[clusterOf[input.id]].cluster.rowLength ?? rowLength == rowLength
    {
      join(equation, clusterOf[input.id], at: position, reduction: true)
      return
    }
    let node = order.addNode(waitingFor: equation.inputs.compactMap(producer))
    for variable in equation.outputs { nodeOf[variable.id] = node }
    unfused.append((position, node))
  }

  mutating func join(_ equation: Graph.Equation, _ index: Int, at position: Int, reduction: Bool) {
    let node = clusterNode[index]
    for atom in equation.inputs {
      if case .variable(let variable) = atom, clusterOf[variable.id] == index { continue }
      if let producer = producer(atom) { order.add(node, waitingFor: producer) }
      if clusters[index].operandKeys.insert(AtomKey(atom)).inserted { clusters[index].cluster.inputs.append(atom) }
    }
    if reduction {
      clusters[index].cluster.reductions.append(equation)
      for variable in equation.outputs { isReductionResult[variable.id] = true }
      clusters[index].reduced.append(contentsOf: equation.outputs)
    } else {
      clusters[index].cluster.equations.append(equation)
      clusters[index].defined.append(contentsOf: equation.outputs)
    }
    clusters[index].lastPosition = position
    for variable in equation.outputs {
      clusterOf[variable.id] = index
      nodeOf[variable.id] = node
    }
  }

  /// The steps in an order that respects every dependency, each cluster with its operands and the
  /// values used after it.
  func steps(outputs: [Graph.Atom], equations: [Graph.Equation]) -> [FusedGraph.Step] {
    // Variables read outside the cluster that defines them (`add` marked those read by
    // equations), or by the graph outputs.
    var externalUse = externalUse
    for case .variable(let variable) in outputs { externalUse[variable.id] = true }
    // The steps in graph order (of their last equations), found without sorting: each step is
    // listed under the graph position of its last equation, which belongs to no other step.
    var unordered: [FusedGraph.Step] = []
    unordered.reserveCapacity(unfused.count + clusters.count)
    // The step node of each entry of `unordered`.
    var nodes: [Int] = []
    nodes.reserveCapacity(unfused.count + clusters.count)
    var stepAtPosition = [Int](repeating: -1, count: equations.count)
    for (rank, (position, node)) in unfused.enumerated() {
      if rank + Graph.Equation.prefetchDistance < unfused.count {
        equations.prefetch(unfused[rank + Graph.Equation.prefetchDistance].position)
      }
      stepAtPosition[position] = unordered.count
      nodes.append(node)
      unordered.append(.equation(equations[position]))
    }
    for (index, forming) in clusters.enumerated() {
      var cluster = forming.cluster
      for variable in forming.defined where externalUse[variable.id] { cluster.outputs.append(variable) }
      for variable in forming.reduced where externalUse[variable.id] { cluster.outputs.append(variable) }
      stepAtPosition[forming.lastPosition] = unordered.count
      nodes.append(clusterNode[index])
      unordered.append(.cluster(cluster))
    }
    // The steps' positions in `unordered`, in graph order (no step is copied until it is emitted).
    var finished: [Int] = []
    finished.reserveCapacity(unordered.count)
    for index in stepAtPosition where index >= 0 { finished.append(index) }
    // Emit each step after the steps defining its operands (depth first, in graph order). A
    // variable's step is its defining node's.
    var stepOfNode = [Int](repeating: -1, count: order.nodeCount)
    for (index, entry) in finished.enumerated() { stepOfNode[nodes[entry]] = index }
    var emitted = [Bool](repeating: false, count: finished.count)
    var sequence: [FusedGraph.Step] = []
    sequence.reserveCapacity(finished.count)
    func emit(_ index: Int) {
      guard !emitted[index] else { return }
      emitted[index] = true
      unordered[finished[index]].forEachOperand { atom in
        if case .variable(let variable) = atom, nodeOf[variable.id] >= 0 { emit(stepOfNode[nodeOf[variable.id]]) }
      }
      sequence.append(unordered[finished[index]])
    }
    for index in finished.indices { emit(index) }
    return sequence
  }
}
