/// Staging: follows abstract values (types only) and records every primitive applied to them as
/// an equation of a `Graph`.
final class StagingInterpreter: Interpreter {
  let level: Int
  /// The number the next new variable gets (so far, the count of variables staged).
  private(set) var nextVariable = 0
  private(set) var equations: [Graph.Equation] = []
  /// One array per distinct shape among the staged variables, so that every variable of a shape
  /// shares it: the passes over a graph copy variables (retaining their shapes) and read their
  /// types, and a few shared arrays stay in the cache where one array per variable (10⁵ in a large
  /// graph, scattered through memory) would not.
  private var shapes: Set<[Int]> = []

  init(level: Int) { self.level = level }

  /// A variable being staged. It holds only its variable (a graph of 10⁵ equations has as many
  /// tracers alive while it is staged); the primitive that defines it, which only messages name,
  /// is found among the equations (`producer(of:)`).
  final class Tracer: OlympusCore.Tracer {
    let variable: Graph.Variable

    init(_ interpreter: StagingInterpreter, variable: Graph.Variable) {
      self.variable = variable
      super.init(interpreter: interpreter)
    }
  }

  /// A new input variable of `type`, as a tensor.
  func newVariable(_ type: TensorType) -> (Graph.Variable, Tensor) {
    defer { nextVariable += 1 }
    let type = sharingShape(type)
    let variable = Graph.Variable(id: nextVariable, type: type)
    return (variable, Tensor(tracer: Tracer(self, variable: variable), type: type))
  }

  /// The primitive of the equation that defines `variable`; `nil` for an input of the staged
  /// function. A search through the equations, for messages only.
  func producer(of variable: Graph.Variable) -> (any Primitive)? {
    equations.last { $0.outputs.contains { $0.id == variable.id } }?.primitive
  }

  /// The atom standing for `x`: its variable when this interpreter follows it, else `x` as a constant.
  func atom(_ x: Tensor) -> Graph.Atom {
    if let tracer = x.tracer(of: self, as: Tracer.self) { return .variable(tracer.variable) }
    return .constant(x)
  }

  /// Records `primitive` applied to `inputs` as one equation. Its operands and results go straight
  /// into the equation: the only lists made are the operand types the rule reads and the results.
  func bind(_ primitive: any Primitive, _ inputs: [Tensor]) -> [Tensor] {
    var inputTypes: [TensorType] = []
    inputTypes.reserveCapacity(inputs.count)
    for input in inputs { inputTypes.append(input.type) }
    var types: [TensorType]
    do {
      types = try primitive.outputTypes(for: inputTypes)
    } catch {
      return Array(repeating: reject(error), count: primitive.outputCount)
    }
    for index in types.indices { types[index] = sharingShape(types[index]) }
    let first = nextVariable
    nextVariable += types.count
    let equation = Graph.Equation(
      primitive: primitive, inputs: inputs.lazy.map(atom),
      outputs: types.indices.lazy.map { Graph.Variable(id: first + $0, type: types[$0]) })
    equations.append(equation)
    var results: [Tensor] = []
    results.reserveCapacity(types.count)
    for (variable, type) in zip(equation.outputs, types) {
      results.append(Tensor(tracer: Tracer(self, variable: variable), type: type))
    }
    return results
  }
}

extension StagingInterpreter {
  /// `type` with its shape replaced by the array of equal shape staged before, if any.
  fileprivate func sharingShape(_ type: TensorType) -> TensorType {
    let (inserted, shape) = shapes.insert(type.shape)
    return inserted ? type : TensorType(shape: shape, dtype: type.dtype)
  }
}

/// Stages `f` for inputs of `types` into a graph (JAX's `make_jaxpr`), without running it.
///
/// Constants `f` closes over are captured in the graph. Reading a staged value as a Swift number
/// is rejected (its value does not exist while staging).
public func makeGraph(of f: ([Tensor]) -> [Tensor], for types: [TensorType]) -> Graph {
  withNewInterpreter({ StagingInterpreter(level: $0) }) { interpreter in
    let parameters = types.map { interpreter.newVariable($0) }
    let results = f(parameters.map(\.1))
    let outputs = results.map(interpreter.atom)
    return Graph(
      inputs: parameters.map(\.0), equations: interpreter.equations, outputs: outputs, variableCount: interpreter.nextVariable)
  }
}

/// Stages a function of one tensor for an input of `type` into a graph:
/// `makeGraph(of: { x in sin(x) * 2 }, for: x.type)`.
public func makeGraph(of f: (Tensor) -> Tensor, for type: TensorType) -> Graph {
  makeGraph(of: { [f($0[0])] }, for: [type])
}
