import OlympusKernels
import Synchronization

/// A staged graph prepared for fast execution on concrete tensors: elementwise equations fused
/// into clusters that run tile by tile (see `Graph.fusingElementwise()`), other equations evaluated
/// directly, every intermediate dropped at its last use so the buffer pool recycles it, and dead
/// buffers reused in place for results of their size.
///
/// Types were checked when the graph was staged, so primitives run without `bind`'s validation.
/// Calls with tracers (under a transformation) or with inputs that require gradients on the tape
/// replay the graph through `bind` instead, so a compiled graph composes with everything a graph
/// does.
///
/// ```swift
/// let graph = makeGraph(of: { [tanh($0[0]) * $0[1]] }, for: [x.type, y.type])
/// let run = graph.compiled(donating: [0])
/// let z = run([x, y])[0]
/// ```
public final class CompiledGraph: @unchecked Sendable {
  /// One unit of execution.
  enum Step {
    case cluster(TileProgram)
    case equation(Graph.Equation)
  }

  /// The graph it runs.
  public let graph: Graph
  /// The graph's fused form, in execution order (found again from `graph`: the compiled graph
  /// keeps its steps, not the clusters' lists of equations).
  public var fused: FusedGraph { graph.fusingElementwise() }
  /// Positions of the inputs whose buffers the executor may reuse when the caller gave them up.
  public let donated: Set<Int>
  let steps: [Step]
  /// The last step reading each variable, by variable number; `nil` for graph outputs (kept) and
  /// unused values.
  let lastUse: [Int?]
  /// The most operands a cluster of the graph reads, and the most results it writes (the room a
  /// call's `ClusterLists` need).
  let largestCluster: (inputCount: Int, outputCount: Int)
  /// Whether to drop intermediates at their last use and reuse dead buffers (off only to measure
  /// what planning saves).
  let plansMemory: Bool
  /// Whether some constant requires gradients, so calls must be recorded on the tape.
  let constantsRequireGrad: Bool
  /// Whether every constant of the graph is concrete (no value of an enclosing transformation),
  /// so the compiled graph can be reused for later calls.
  let isClosed: Bool
  /// The most tensor buffers alive at once during the latest direct call, for tests.
  let peakLiveBuffers = Atomic<Int>(0)

  init(_ graph: Graph, donating donated: Set<Int>, plansMemory: Bool) {
    self.graph = graph
    self.donated = donated
    self.plansMemory = plansMemory
    // One walk over the fused steps, last to first, builds the tile programs, finds each
    // variable's last use (its first read seen) and checks the constants; it frees each cluster's
    // list of equations as soon as its program is built, while those equations are still in the
    // cache. (A large graph's equations lie scattered beyond the cache: every further walk over
    // them, or over lists of them freed at the end, would wait for memory once per equation.)
    var fusedSteps = graph.fusingElementwise().steps
    var steps: [Step] = []
    steps.reserveCapacity(fusedSteps.count)
    var lastUse = [Int?](repeating: nil, count: graph.variableCount)
    var isClosed = true
    var constantsRequireGrad = false
    var largestCluster = (inputCount: 0, outputCount: 0)
    func check(_ constant: Tensor) {
      if !constant.isConcrete { isClosed = false }
      if constant.handle.autograd?.requiresGrad == true { constantsRequireGrad = true }
    }
    func noteReads(_ operands: some Sequence<Graph.Atom>, at index: Int) {
      for case .variable(let variable) in operands where lastUse[variable.id] == nil { lastUse[variable.id] = index }
    }
    while let step = fusedSteps.popLast() {
      let index = fusedSteps.count
      switch step {
      case .cluster(let cluster):
        let program = TileProgram(cluster)
        noteReads(program.inputs, at: index)
        largestCluster = (max(largestCluster.inputCount, program.inputs.count), max(largestCluster.outputCount, program.outputs.count))
        for members in [cluster.equations, cluster.reductions] {
          for equation in members {
            for case .constant(let constant) in equation.inputs { check(constant) }
          }
        }
        steps.append(.cluster(program))
      case .equation(let equation):
        noteReads(equation.inputs, at: index)
        for case .constant(let constant) in equation.inputs { check(constant) }
        steps.append(.equation(equation))
      }
    }
    steps.reverseByMoving()
    self.steps = steps
    for atom in graph.outputs {
      switch atom {
      case .variable(let variable): lastUse[variable.id] = nil
      case .constant(let constant): check(constant)
      }
    }
    self.lastUse = lastUse
    self.largestCluster = largestCluster
    self.isClosed = isClosed
    self.constantsRequireGrad = constantsRequireGrad
  }

  /// Runs the graph on `arguments`. Donated arguments that the caller gave up (no other tensor
  /// shares their buffer) may have their buffers overwritten by results.
  public func callAsFunction(_ arguments: consuming [Tensor]) -> [Tensor] {
    guard runsDirectly(arguments) else { return graph(arguments) }
    var values = [Tensor?](repeating: nil, count: lastUse.count)
    for (variable, argument) in zip(graph.inputs, arguments) { values[variable.id] = argument }
    arguments = []
    var donatedVariables = Set<Int>()
    for index in donated where graph.inputs.indices.contains(index) { donatedVariables.insert(graph.inputs[index].id) }
    var peak = MemoryStatistics.liveBufferCount
    var lists = ClusterLists(operandCount: largestCluster.inputCount, resultCount: largestCluster.outputCount)
    for (index, step) in steps.enumerated() {
      switch step {
      case .equation(let equation):
        let inputs = equation.inputs.map { read($0, values) }
        if plansMemory { release(equation.inputs, at: index, &values) }
        for (variable, result) in zip(equation.outputs, equation.primitive.evaluate(inputs)) where isUsed(variable) {
          values[variable.id] = result
        }
      case .cluster(let program):
        run(program, at: index, &values, donated: donatedVariables, lists: &lists)
      }
      peak = max(peak, MemoryStatistics.liveBufferCount)
    }
    peakLiveBuffers.store(peak, ordering: .relaxed)
    return graph.outputs.map { read($0, values) }
  }

  /// Whether the call can skip `bind`: concrete arguments of the staged types, a closed graph,
  /// and nothing the tape must record.
  private func runsDirectly(_ arguments: [Tensor]) -> Bool {
    guard arguments.count == graph.inputs.count, isClosed else { return false }
    let recording = isGradEnabled
    if recording && constantsRequireGrad { return false }
    return zip(arguments, graph.inputs).allSatisfy { argument, input in
      argument.isConcrete && argument.type == input.type && !(recording && argument.handle.autograd?.requiresGrad == true)
    }
  }

  func isUsed(_ variable: Graph.Variable) -> Bool {
    !plansMemory || lastUse[variable.id] != nil || graph.outputs.contains { $0.variableIfAny == variable }
  }

  func read(_ atom: Graph.Atom, _ values: [Tensor?]) -> Tensor {
    switch atom {
    case .variable(let variable): values[variable.id]!
    case .constant(let tensor): tensor
    }
  }

  /// Drops the values among `operands` whose last use is step `index`.
  private func release(_ operands: Graph.Equation.Operands, at index: Int, _ values: inout [Tensor?]) {
    for case .variable(let variable) in operands where lastUse[variable.id] == index { values[variable.id] = nil }
  }
}

extension Graph {
  /// The graph compiled for fast execution on concrete tensors (see `CompiledGraph`). The buffers
  /// of the inputs at positions `donating` may be reused for results and intermediates when the
  /// caller holds no other reference to them (pass them in a temporary array, as `compiled([x0])`).
  public func compiled(donating donated: Set<Int> = []) -> CompiledGraph {
    CompiledGraph(self, donating: donated, plansMemory: true)
  }
}
