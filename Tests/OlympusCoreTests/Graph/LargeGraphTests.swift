import OlympusCore
import Testing

/// The graph passes on graphs of many equations, as `jit` stages them: the parameters' gradient
/// of an RK4 integration unrolled with a Swift loop (J1's program: a chain of 8 damped pendulums
/// coupled by springs). The passes run in time linear in the graph; these tests guard what they
/// compute, not how fast.
@Suite("Large graphs")
struct LargeGraphTests {
  /// The value and gradient of the loss after `steps` RK4 steps, as a function of p = [g/l,
  /// damping, coupling] (`Sources/olympus-bench/Workloads/PendulumChain.swift`, with other
  /// initial and target angles).
  static func pendulumChainGradient(steps: Int) -> ([Tensor]) -> [Tensor] {
    let size = 8
    var entries = [Float](repeating: 0, count: size * size)
    for i in 0..<size {
      for j in [i - 1, i + 1] where (0..<size).contains(j) {
        entries[i * size + j] = 1
        entries[i * size + i] -= 1
      }
    }
    let coupling = Tensor(entries, shape: [size, size])
    let initial = Random.uniform(Random.key(50), shape: [size], minimum: -0.5, maximum: 0.5)
    let target = Random.uniform(Random.key(51), shape: [size], minimum: -0.5, maximum: 0.5)
    let h = 1.0 / 64
    let loss = { (p: Tensor) -> Tensor in
      func derivative(_ angles: Tensor, _ velocities: Tensor) -> (Tensor, Tensor) {
        (velocities, -p[0] * sin(angles) - p[1] * velocities + p[2] * matmul(coupling, angles))
      }
      var angles = initial
      var velocities = Tensor.zeros([size])
      for _ in 0..<steps {
        let (a1, b1) = derivative(angles, velocities)
        let (a2, b2) = derivative(angles + h / 2 * a1, velocities + h / 2 * b1)
        let (a3, b3) = derivative(angles + h / 2 * a2, velocities + h / 2 * b2)
        let (a4, b4) = derivative(angles + h * a3, velocities + h * b3)
        angles = angles + h / 6 * (a1 + 2 * a2 + 2 * a3 + a4)
        velocities = velocities + h / 6 * (b1 + 2 * b2 + 2 * b3 + b4)
      }
      let miss = angles - target
      return (miss * miss).sum() + 0.125 * (velocities * velocities).sum()
    }
    return { inputs in
      let (value, gradient) = valueAndGrad(of: loss)(inputs[0])
      return [value, gradient]
    }
  }

  static let parameters = Tensor([2, 0.125, 0.5] as [Float])

  @Test func eachPassKeepsWhatItKeptBefore() {
    // Equation and cluster counts of 3 steps, as the passes gave them before they were made
    // linear (simplification, CSE and fusion then kept transitive sets or rebuilt dictionaries per
    // equation): the new passes drop and merge exactly the same equations.
    let staged = makeGraph(of: Self.pendulumChainGradient(steps: 3), for: [Self.parameters.type])
    let simplified = staged.simplified()
    let merged = simplified.eliminatingCommonSubexpressions()
    let optimized = merged.removingDeadCode()
    #expect(
      [staged, simplified, merged, optimized].map(\.equations.count) == [756, 686, 570, 570])
    for graph in [staged, simplified, merged, optimized] { #expect(graph.typeCheckFailure() == nil) }
    #expect(optimized.fusingElementwise().clusterCount == 14)
    // Every equation of the graph runs in exactly one step of the fused graph (one line each).
    var lines: [Substring: Int] = [:]
    for line in optimized.fusingElementwise().description.split(separator: "\n") {
      let text = line.drop { $0 == " " }
      lines[text.hasPrefix("let ") ? text.dropFirst(4) : text, default: 0] += 1
    }
    for equation in optimized.equations { #expect(lines[Substring(equation.description)] == 1, "\(equation)") }
  }

  @Test func optimizedRunsThePassesInTurnWhetherItTakesTheEquationsOrCopiesThem() {
    let f = Self.pendulumChainGradient(steps: 3)
    let types = [Self.parameters.type]
    let expected = makeGraph(of: f, for: types).simplified().eliminatingCommonSubexpressions().removingDeadCode()
    // Nothing else refers to the staged graph, so the passes take its equations (as `jit` does).
    let taken = makeGraph(of: f, for: types).optimized()
    // The caller keeps the staged graph: the first pass copies its equations and leaves it whole.
    let kept = makeGraph(of: f, for: types)
    let before = kept.description
    let copied = kept.optimized()
    #expect(taken.description == expected.description)
    #expect(copied.description == expected.description)
    #expect(kept.description == before)
    #expect(taken.typeCheckFailure() == nil)
  }

  @Test func deadCodeRemovalKeepsExactlyWhatTheOutputsNeed() {
    // Against the definition: an equation stays when an output, or an operand of an equation
    // that stays, is among its results (found here by iterating to a fixed point).
    let staged = makeGraph(of: { Array(Self.pendulumChainGradient(steps: 2)($0).prefix(1)) }, for: [Self.parameters.type])
    var needed = Set(staged.outputs.compactMap(\.variable))
    var changed = true
    while changed {
      changed = false
      for equation in staged.equations where equation.outputs.contains(where: needed.contains) {
        for operand in equation.inputs.compactMap(\.variable) where needed.insert(operand).inserted { changed = true }
      }
    }
    let expected = staged.equations.filter { $0.outputs.contains(where: needed.contains) }.map(\.description)
    #expect(staged.removingDeadCode().equations.map(\.description) == expected)
    #expect(expected.count < staged.equations.count)
  }

  @Test(arguments: [3, 250])
  func compiledResultsEqualEagerAndReplayedOnes(steps: Int) async {
    // 250 steps (65,000 equations) is long enough for fusion's dependency search to give up on
    // some candidates (`StepOrder.searchLimit`), which must only keep equations apart.
    await #expect(processExitsWith: .success) { [steps] in
      let f = LargeGraphTests.pendulumChainGradient(steps: steps)
      let inputs = [LargeGraphTests.parameters]
      CompiledGraphTests.requireCompiledMatchesEager(f, inputs, "\(steps) RK4 steps")
      let graph = makeGraph(of: f, for: inputs.map(\.type)).simplified().eliminatingCommonSubexpressions().removingDeadCode()
      for (compiled, replayed) in zip(graph.compiled()(inputs), graph(inputs)) {
        precondition(CompiledGraphTests.difference(compiled, replayed) == nil, "compiled and replayed graphs differ")
      }
    }
  }
}

extension Graph.Atom {
  /// The variable, for a variable operand.
  fileprivate var variable: Graph.Variable? {
    if case .variable(let variable) = self { return variable }
    return nil
  }
}
