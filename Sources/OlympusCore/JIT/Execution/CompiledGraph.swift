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
  /// The graph's fused form, in execution order.
  public let fused: FusedGraph
  /// Positions of the inputs whose buffers the executor may reuse when the caller gave them up.
  public let donated: Set<Int>
  let steps: [Step]
  /// The last step reading each variable, by variable number; `nil` for graph outputs (kept) and
  /// unused values.
  let lastUse: [Int?]
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
    fused = graph.fusingElementwise()
    steps = fused.steps.map { step in
      switch step {
      case .cluster(let cluster): .cluster(TileProgram(cluster))
      case .equation(let equation): .equation(equation)
      }
    }
    var lastUse = [Int?](repeating: nil, count: graph.variableCount)
    for (index, step) in fused.steps.enumerated() {
      step.forEachOperand { atom in
        if case .variable(let variable) = atom { lastUse[variable.id] = index }
      }
    }
    for case .variable(let variable) in graph.outputs { lastUse[variable.id] = nil }
    self.lastUse = lastUse
    // One walk over the constants: a large graph's equations are read as few times as possible.
    var isClosed = true
    var constantsRequireGrad = false
    graph.forEachConstant { constant in
      if !constant.isConcrete { isClosed = false }
      if constant.handle.autograd?.requiresGrad == true { constantsRequireGrad = true }
    }
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
    for (index, step) in steps.enumerated() {
      switch step {
      case .equation(let equation):
        let inputs = equation.inputs.map { read($0, values) }
        if plansMemory { release(equation.inputs, at: index, &values) }
        for (variable, result) in zip(equation.outputs, equation.primitive.evaluate(inputs)) where isUsed(variable) {
          values[variable.id] = result
        }
      case .cluster(let program):
        run(program, at: index, &values, donated: donatedVariables)
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
