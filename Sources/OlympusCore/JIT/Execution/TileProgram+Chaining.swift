extension TileProgram {
  /// `equations` (a cluster's, in graph order) in an order that runs each equation as soon as
  /// possible before the one that reads it: depth-first from the last equation, every equation
  /// after the equations of its operands. Consecutive equations where the second reads the first
  /// can then pass that value in registers (`chainConsecutiveInstructions`). Elementwise equations
  /// compute each element on its own, so every such order gives the same results.
  static func chainingOrder(_ equations: [Graph.Equation]) -> [Graph.Equation] {
    var producer: [Int: Int] = [:]
    producer.reserveCapacity(equations.count)
    for (index, equation) in equations.enumerated() {
      for variable in equation.outputs { producer[variable.id] = index }
    }
    var visited = [Bool](repeating: false, count: equations.count)
    var order: [Graph.Equation] = []
    order.reserveCapacity(equations.count)
    // Equations being visited, each with the position of the next operand to look at.
    var stack: [(equation: Int, operand: Int)] = []
    for root in equations.indices.reversed() where !visited[root] {
      visited[root] = true
      stack.append((root, 0))
      while let (index, operand) = stack.last.map({ ($0.equation, $0.operand) }) {
        let inputs = equations[index].inputs
        guard operand < inputs.count else {
          stack.removeLast()
          order.append(equations[index])
          continue
        }
        stack[stack.count - 1].operand += 1
        if case .variable(let variable) = inputs[operand], let source = producer[variable.id], !visited[source] {
          visited[source] = true
          stack.append((source, 0))
        }
      }
    }
    return order
  }

  /// Marks each instruction whose result the next one reads to pass it on in registers
  /// (`Elementwise.ProgramStep.feedNextStep`), left to right, each instruction in at most one
  /// pair; the result still reaches memory when `isReadLater` says that a later instruction, a
  /// fold or the caller reads it. `equations` are the instructions' equations.
  static func chainConsecutiveInstructions(
    _ instructions: inout [Instruction], _ equations: [Graph.Equation], isReadLater: (_ result: Graph.Variable, _ after: Int) -> Bool
  ) {
    var index = 0
    while index + 1 < instructions.count {
      let result = equations[index].outputs[0]
      let readers = equations[index + 1].inputs.indices.filter { equations[index + 1].inputs[$0].variableIfAny == result }
      guard !readers.isEmpty else {
        index += 1
        continue
      }
      instructions[index].step.feedNextStep(operands: readers, keepingResult: isReadLater(result, index + 1))
      index += 2
    }
  }
}
