import OlympusKernels

extension TileProgram {
  /// Elements a cluster needs before its program passes values in register chains (a chain runs
  /// 64 elements at a time, four AVX-512 or eight AVX2 vectors; below that, ordering for chains
  /// costs compile time that no run wins back).
  static let chainMinimumElementCount = 64

  /// `equations` (a cluster's elementwise equations, in graph order) in an order that makes register
  /// chains long: after each equation that can run in registers comes, where one is ready, an
  /// equation that reads its result and can run in registers too; otherwise the first equation in
  /// graph order not yet placed. Every order that keeps producers before consumers computes the same
  /// values (each element's operations are independent of the others'), so this changes no result.
  /// Returns the equations in that order and, for each, whether it can run in registers (graph
  /// order when none can, as for float64 or with SIMD off).
  static func chainingOrder(_ equations: [Graph.Equation]) -> (equations: [Graph.Equation], inRegisters: [Bool]) {
    let inRegisters = equations.map { equation in
      TileOperation(equation.primitive)!.kernel(for: equation.inputs).runsInRegisters
    }
    guard inRegisters.contains(true) else { return (equations, inRegisters) }
    var producer: [Int: Int] = [:]
    producer.reserveCapacity(equations.count)
    for (index, equation) in equations.enumerated() { producer[equation.outputs[0].id] = index }
    // For each equation, its producers in the cluster not yet placed, and the equations that read it.
    var waiting = [Int](repeating: 0, count: equations.count)
    var readers = [[Int]](repeating: [], count: equations.count)
    for (index, equation) in equations.enumerated() {
      for (position, input) in equation.inputs.enumerated() {
        guard let variable = input.variableIfAny, let source = producer[variable.id],
          !equation.inputs[..<position].contains(where: { $0.variableIfAny == variable })
        else { continue }
        waiting[index] += 1
        readers[source].append(index)
      }
    }
    var placed = [Bool](repeating: false, count: equations.count)
    var order: [Int] = []
    order.reserveCapacity(equations.count)
    func place(_ index: Int) {
      placed[index] = true
      order.append(index)
      for reader in readers[index] { waiting[reader] -= 1 }
    }
    // An equation in graph order is ready when reached: its producers come before it.
    for first in equations.indices where !placed[first] {
      place(first)
      var last = first
      while inRegisters[last],
        let next = readers[last].first(where: { !placed[$0] && waiting[$0] == 0 && inRegisters[$0] })
      {
        place(next)
        last = next
      }
    }
    return (order.map { equations[$0] }, order.map { inRegisters[$0] })
  }
}
