/// A staged computation (JAX's jaxpr): typed input variables, equations that apply primitives to
/// variables and constants, and outputs. `makeGraph(of:for:)` records one; `jit` caches and runs
/// them.
public final class Graph: CustomStringConvertible, @unchecked Sendable {
  /// A value of the graph: an input or an equation's output.
  ///
  /// A variable takes two words, its shape array first, then its number (32 bits) and element
  /// type, so that an operand (`Atom`, which keeps its case in the array reference's spare bits)
  /// takes two words as well: a graph holds one per operand and result of every equation.
  public struct Variable: Hashable, Sendable {
    private let shape: [Int]
    private let number: Int32
    private let dtype: DType

    /// Position in creation order, unique within the graph.
    public var id: Int { Int(number) }
    /// Shape and element type.
    public var type: TensorType { TensorType(shape: shape, dtype: dtype) }

    /// Variable number `id` (below 2³¹: a graph of that many values would not fit in memory) of `type`.
    init(id: Int, type: TensorType) {
      shape = type.shape
      number = Int32(id)
      dtype = type.dtype
    }
  }

  /// An equation's operand: a variable, or a constant captured while staging.
  public enum Atom {
    /// A value computed by the graph.
    case variable(Variable)
    /// A concrete tensor the staged function closed over.
    case constant(Tensor)

    /// The operand's type.
    public var type: TensorType {
      switch self {
      case .variable(let variable): variable.type
      case .constant(let tensor): tensor.type
      }
    }
  }

  /// The graph's parameters.
  public let inputs: [Variable]
  /// The equations, in an order where every variable is defined before it is used. (Set once, and
  /// only ever emptied: by `deinit`, and by `optimized()` on a graph nothing else refers to.)
  public private(set) var equations: [Equation]
  /// The results.
  public let outputs: [Atom]
  /// The length of an array indexed by variable number: more than every variable's number. A
  /// pass that only drops or rewires equations passes its graph's count on (the numbers stay),
  /// so no pass walks the equations to find it.
  let variableCount: Int

  /// A graph of `equations` from `inputs` to `outputs`, whose variables are numbered below
  /// `variableCount` (found from the equations when `nil`).
  init(inputs: [Variable], equations: [Equation], outputs: [Atom], variableCount: Int? = nil) {
    self.inputs = inputs
    self.equations = equations
    self.outputs = outputs
    self.variableCount = variableCount ?? Self.variableCount(inputs: inputs, equations: equations)
  }

  /// Releases the equations last to first, loading each equation's object a few positions ahead:
  /// a large graph's equation objects lie scattered beyond the cache, and each release is an
  /// atomic operation that lets no later load start early, so releasing them in turn from the
  /// array's own destructor would wait for memory once per equation.
  deinit {
    while equations.popLastPrefetching() != nil {}
  }

  /// The equations of `graph`, moved out of it when nothing else refers to it (it is then left
  /// without equations), so that a pass building the next graph from them counts no references
  /// per equation; a copy of them otherwise.
  static func takeEquations(from graph: inout Graph) -> [Equation] {
    guard isKnownUniquelyReferenced(&graph) else { return graph.equations }
    var taken: [Equation] = []
    swap(&taken, &graph.equations)
    return taken
  }

  /// The graph as `jit` compiles it: simplified, with common subexpressions merged and dead code
  /// removed (`simplified().eliminatingCommonSubexpressions().removingDeadCode()`).
  ///
  /// Called on a graph that nothing else refers to (`makeGraph(of:for:).optimized()`, or a graph
  /// given with `consume`), each pass takes the equations of the graph before it
  /// (`takeEquations(from:)`) instead of copying them: a kept equation moves on with no reference
  /// count, a dropped one is freed while the pass has it in the cache, and no intermediate graph
  /// holds them all. Otherwise the graph is left as it was.
  public consuming func optimized() -> Graph {
    var graph = consume self
    let stagedEquations = Self.takeEquations(from: &graph)
    graph = graph.simplified(taking: consume stagedEquations)
    let simplifiedEquations = Self.takeEquations(from: &graph)
    graph = graph.eliminatingCommonSubexpressions(taking: consume simplifiedEquations)
    let mergedEquations = Self.takeEquations(from: &graph)
    return graph.removingDeadCode(taking: consume mergedEquations)
  }

  /// One more than the highest variable number of `inputs` and `equations`.
  private static func variableCount(inputs: [Variable], equations: [Equation]) -> Int {
    var highest = inputs.map(\.id).max() ?? -1
    for equation in equations {
      for variable in equation.outputs { highest = max(highest, variable.id) }
    }
    return highest + 1
  }

  /// Runs the graph on `arguments` by binding each equation's primitive in order, so a graph runs
  /// on concrete tensors and under every transformation alike.
  public func callAsFunction(_ arguments: [Tensor]) -> [Tensor] {
    guard arguments.count == inputs.count, zip(arguments, inputs).allSatisfy({ $0.type == $1.type }) else {
      let given = arguments.map(\.type.description).joined(separator: ", ")
      let expected = inputs.map(\.type.description).joined(separator: ", ")
      _ = reject(OlympusError("Graph", "called with (\(given)), staged for (\(expected))"))
      return outputs.map { _ in .failed }
    }
    var values: [Int: Tensor] = [:]
    for (variable, argument) in zip(inputs, arguments) { values[variable.id] = argument }
    func read(_ atom: Atom) -> Tensor {
      switch atom {
      case .variable(let variable): values[variable.id]!
      case .constant(let tensor): tensor
      }
    }
    for equation in equations {
      let results = bind(any: equation.primitive, equation.inputs.map(read))
      for (variable, result) in zip(equation.outputs, results) { values[variable.id] = result }
    }
    return outputs.map(read)
  }

  /// Checks that every equation's outputs have the types its primitive's rule gives for its
  /// operands, and that every variable is defined before use; `nil` when the graph is consistent.
  public func typeCheckFailure() -> String? {
    var defined = Set(inputs.map(\.id))
    for (index, equation) in equations.enumerated() {
      for case .variable(let variable) in equation.inputs where !defined.contains(variable.id) {
        return "equation \(index) (\(equation.primitive)) uses v\(variable.id) before it is defined"
      }
      do {
        let types = try equation.primitive.outputTypes(for: equation.inputs.map(\.type))
        guard types == equation.outputs.map(\.type) else {
          return "equation \(index) (\(equation.primitive)) records \(equation.outputs.map(\.type)), its rule gives \(types)"
        }
      } catch {
        return "equation \(index): \(error)"
      }
      for variable in equation.outputs { defined.insert(variable.id) }
    }
    for case .variable(let variable) in outputs where !defined.contains(variable.id) {
      return "output v\(variable.id) is never defined"
    }
    return nil
  }

  /// The graph in a jaxpr-like notation:
  /// `{ lambda v0:float32[3] . let v1:float32[3] = sin v0 ; v2:float32[] = reduce_sum[0] v1 in (v2) }`.
  public var description: String {
    let parameters = inputs.map { "v\($0.id):\($0.type)" }.joined(separator: " ")
    let lines = equations.map(\.description)
    return "{ lambda \(parameters) .\n  let " + lines.joined(separator: "\n      ") + "\n  in ("
      + outputs.map(\.name).joined(separator: ", ") + ") }"
  }
}

extension Graph.Atom {
  /// `v3` for a variable; a one-element constant's type and value, `const:float32[3]` for others.
  var name: String {
    switch self {
    case .variable(let variable): "v\(variable.id)"
    case .constant(let tensor): tensor.elementCount == 1 ? "\(tensor.type)(\(tensor.scalars(as: Double.self)[0]))" : "const:\(tensor.type)"
    }
  }
}

extension Graph.Equation: CustomStringConvertible {
  /// `v2:float32[3] = mul v0 v1`.
  public var description: String {
    outputs.map { "v\($0.id):\($0.type)" }.joined(separator: " ") + " = \(primitive) "
      + inputs.map(\.name).joined(separator: " ")
  }
}
