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

    /// The variables the step defines.
    var definitions: [Graph.Variable] {
      switch self {
      case .cluster(let cluster): cluster.equations.flatMap(\.outputs) + cluster.reductions.flatMap(\.outputs)
      case .equation(let equation): equation.outputs
      }
    }

    /// The operands the step reads.
    var operands: [Graph.Atom] {
      switch self {
      case .cluster(let cluster): cluster.inputs
      case .equation(let equation): equation.inputs
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
    var builder = FusionBuilder()
    for (index, equation) in equations.enumerated() { builder.add(equation, at: index) }
    return FusedGraph(graph: self, steps: builder.steps(outputs: outputs, equations: equations))
  }
}

/// The state of the fusion pass.
private struct FusionBuilder {
  /// Clusters being formed, with the graph positions of their members.
  var clusters: [(cluster: FusedCluster, positions: [Int])] = []
  /// The clusters each cluster needs finished before it starts (transitively).
  var clusterDependencies: [Set<Int>] = []
  /// The cluster that defines each variable defined in one.
  var clusterOf: [Int: Int] = [:]
  /// Reduction results, which exist only once their cluster has finished.
  var reductionResults = Set<Int>()
  /// For variables defined outside clusters: the clusters that must finish first.
  var dependencies: [Int: Set<Int>] = [:]
  /// The most recent cluster of each shape.
  var latestCluster: [[Int]: Int] = [:]
  /// Equations left unfused, by graph position.
  var unfused: [Int: Graph.Equation] = [:]

  /// The clusters that must finish before `atom` is available.
  func clustersBefore(_ atom: Graph.Atom) -> Set<Int> {
    guard case .variable(let variable) = atom else { return [] }
    if let cluster = clusterOf[variable.id] { return clusterDependencies[cluster].union([cluster]) }
    return dependencies[variable.id] ?? []
  }

  /// Whether `equation` can run inside cluster `index`: each operand is a per-element value of the
  /// cluster or available before the cluster starts.
  func canJoin(_ equation: Graph.Equation, _ index: Int) -> Bool {
    equation.inputs.allSatisfy { atom in
      if case .variable(let variable) = atom, clusterOf[variable.id] == index {
        return !reductionResults.contains(variable.id)
      }
      return !clustersBefore(atom).contains(index)
    }
  }

  mutating func add(_ equation: Graph.Equation, at position: Int) {
    let shape = equation.outputs[0].type.shape
    if TileOperation(equation.primitive) != nil, equation.outputs[0].type.elementCount > 0 {
      let producers = equation.inputs.compactMap { atom -> Int? in
        guard case .variable(let variable) = atom else { return nil }
        return clusterOf[variable.id]
      }
      let candidates = (producers + [latestCluster[shape]].compactMap { $0 }).filter { clusters[$0].cluster.shape == shape }
      if let index = candidates.first(where: { canJoin(equation, $0) }) {
        join(equation, index, at: position, reduction: false)
      } else {
        clusters.append((FusedCluster(shape: shape), []))
        clusterDependencies.append([])
        latestCluster[shape] = clusters.count - 1
        join(equation, clusters.count - 1, at: position, reduction: false)
      }
      return
    }
    if let rowLength = fusibleReductionRowLength(equation), case .variable(let input) = equation.inputs[0],
      let index = clusterOf[input.id], !reductionResults.contains(input.id),
      clusters[index].cluster.rowLength ?? rowLength == rowLength
    {
      join(equation, index, at: position, reduction: true)
      return
    }
    let before = equation.inputs.reduce(into: Set<Int>()) { $0.formUnion(clustersBefore($1)) }
    for variable in equation.outputs { dependencies[variable.id] = before }
    unfused[position] = equation
  }

  mutating func join(_ equation: Graph.Equation, _ index: Int, at position: Int, reduction: Bool) {
    for atom in equation.inputs {
      if case .variable(let variable) = atom, clusterOf[variable.id] == index { continue }
      clusterDependencies[index].formUnion(clustersBefore(atom))
    }
    if reduction {
      clusters[index].cluster.reductions.append(equation)
      reductionResults.formUnion(equation.outputs.map(\.id))
    } else {
      clusters[index].cluster.equations.append(equation)
    }
    clusters[index].positions.append(position)
    for variable in equation.outputs { clusterOf[variable.id] = index }
  }

  /// The steps in an order that respects every dependency, each cluster with its operands and the
  /// values used after it.
  func steps(outputs: [Graph.Atom], equations: [Graph.Equation]) -> [FusedGraph.Step] {
    // Variables read outside the cluster that defines them (or by nothing but the graph outputs).
    var externalUse = Set<Int>()
    for case .variable(let variable) in outputs { externalUse.insert(variable.id) }
    for equation in equations {
      for case .variable(let variable) in equation.inputs {
        let consumer = equation.outputs.first.flatMap { clusterOf[$0.id] }
        if consumer == nil || consumer != clusterOf[variable.id] || reductionResults.contains(variable.id) {
          externalUse.insert(variable.id)
        }
      }
    }
    var finished: [(key: Int, step: FusedGraph.Step)] = unfused.map { ($0.key, .equation($0.value)) }
    for (cluster, positions) in clusters {
      var cluster = cluster
      let members = cluster.equations + cluster.reductions
      let defined = Set(members.flatMap(\.outputs).map(\.id))
      var seen = Set<AtomKey>()
      for equation in members {
        for atom in equation.inputs {
          if case .variable(let variable) = atom, defined.contains(variable.id) { continue }
          if seen.insert(AtomKey(atom)).inserted { cluster.inputs.append(atom) }
        }
      }
      cluster.outputs = members.flatMap(\.outputs).filter { externalUse.contains($0.id) }
      finished.append((positions.max()!, .cluster(cluster)))
    }
    finished.sort { $0.key < $1.key }
    // Emit each step after the steps defining its operands (depth first, in graph order).
    var stepOf: [Int: Int] = [:]
    for (index, entry) in finished.enumerated() {
      for variable in entry.step.definitions { stepOf[variable.id] = index }
    }
    var emitted = [Bool](repeating: false, count: finished.count)
    var order: [FusedGraph.Step] = []
    func emit(_ index: Int) {
      guard !emitted[index] else { return }
      emitted[index] = true
      for case .variable(let variable) in finished[index].step.operands {
        if let producer = stepOf[variable.id] { emit(producer) }
      }
      order.append(finished[index].step)
    }
    for index in finished.indices { emit(index) }
    return order
  }
}
