import Synchronization

/// Stages `f` once per combination of input types and replays the staged graph on later calls
/// (JAX's `jit`), with dead code removed.
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
    let graph = makeGraph(of: f, for: types).removingDeadCode()
    if graph.isClosed { cache.store(graph, for: types) }
    return graph(inputs)
  }
}

/// `jit` for a function of one tensor.
public func jit(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  let staged = jit { (inputs: [Tensor]) in [f(inputs[0])] }
  return { staged([$0])[0] }
}

/// Staged graphs by input types.
final class GraphCache: Sendable {
  private let graphs = Mutex<[[TensorType]: Graph]>([:])

  func graph(for types: [TensorType]) -> Graph? { graphs.withLock { $0[types] } }

  func store(_ graph: Graph, for types: [TensorType]) { graphs.withLock { $0[types] = graph } }
}
