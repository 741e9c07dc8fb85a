import Synchronization

/// Stages `f` once per combination of input types and replays the staged graph on later calls
/// (JAX's `jit`), with algebraic identities applied, common subexpressions merged and dead code
/// removed. Constant subexpressions
/// are folded by construction: operations on values `f` closes over run while staging and enter the
/// graph as constants. With `JITSettings.explainRecompiles`, a new staging says which argument's
/// type changed.
///
/// The graph runs primitive by primitive, so a jitted function composes with every transformation
/// (`grad(of: jit(f))`, `jit(grad(of: f))`, `vmap(of: jit(f))`). Graphs that capture values of an
/// enclosing transformation are staged anew on every call.
///
/// This is the staging half of `jit`: fusion, memory planning and compiled execution are not yet
/// part of it.
public func jit(_ f: @escaping ([Tensor]) -> [Tensor]) -> ([Tensor]) -> [Tensor] {
  let cache = GraphCache()
  return { inputs in
    let types = inputs.map(\.type)
    if let graph = cache.graph(for: types) { return graph(inputs) }
    if JITSettings.explainRecompiles, let previous = cache.lastTypes { print(recompileExplanation(previous, types)) }
    let graph = makeGraph(of: f, for: types).simplified().eliminatingCommonSubexpressions().removingDeadCode()
    if graph.isClosed { cache.store(graph, for: types) }
    return graph(inputs)
  }
}

/// `jit` for a function of one tensor.
public func jit(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  let staged = jit { (inputs: [Tensor]) in [f(inputs[0])] }
  return { staged([$0])[0] }
}

/// Settings of `jit`.
public enum JITSettings {
  private static let explain = Atomic<Bool>(false)

  /// Whether `jit` prints, each time it stages a function again, which argument's type changed.
  public static var explainRecompiles: Bool {
    get { explain.load(ordering: .relaxed) }
    set { explain.store(newValue, ordering: .relaxed) }
  }
}

/// `jit: staging again: argument 1 was float32[3], is now float32[4]`.
func recompileExplanation(_ previous: [TensorType], _ current: [TensorType]) -> String {
  guard previous.count == current.count else {
    return "jit: staging again: \(current.count) arguments, previously \(previous.count)"
  }
  let changes = zip(previous, current).enumerated().filter { $1.0 != $1.1 }.map { index, pair in
    "argument \(index) was \(pair.0), is now \(pair.1)"
  }
  return "jit: staging again: " + changes.joined(separator: "; ")
}

/// Staged graphs by input types, and the types of the last staging.
final class GraphCache: Sendable {
  private let state = Mutex<(graphs: [[TensorType]: Graph], last: [TensorType]?)>(([:], nil))

  func graph(for types: [TensorType]) -> Graph? { state.withLock { $0.graphs[types] } }

  var lastTypes: [TensorType]? { state.withLock { $0.last } }

  func store(_ graph: Graph, for types: [TensorType]) {
    state.withLock {
      $0.graphs[types] = graph
      $0.last = types
    }
  }
}
