import Synchronization

/// Stages `f` once per combination of argument types (and static values) and replays the staged
/// graph on later calls (JAX's `jit`), with algebraic identities applied, common subexpressions
/// merged and dead code removed. Constant subexpressions are folded by construction: operations on
/// values `f` closes over run while staging and enter the graph as constants. With
/// `JITSettings.explainRecompiles`, a new staging says which argument changed.
///
/// Tensors at the positions in `staticArguments` (JAX's `static_argnums`) are not staged: `f` sees
/// them concrete, can read them as Swift numbers (`n.item(as: Int.self)`), and the cache is keyed by
/// their values, so every new value stages `f` again. A static tensor that is itself traced by an
/// enclosing transformation has no value to key by; `f` then runs unstaged.
///
/// `donating` lists argument positions whose tensors the caller will not use again, so an executor
/// may reuse their memory for results (JAX's `donate_argnums`).
///
/// On concrete tensors the graph runs compiled (`Graph.compiled(donating:)`: elementwise clusters
/// fused into tile loops, intermediates freed at their last use); on values of an enclosing
/// transformation or of the tape it is replayed primitive by primitive, so a jitted function
/// composes with every transformation (`grad(of: jit(f))`, `jit(grad(of: f))`, `vmap(of: jit(f))`).
/// Graphs that capture values of an enclosing transformation are staged anew on every call.
///
/// ```swift
/// let power = jit(staticArguments: [1]) { (a: [Tensor]) in [pow(a[0], Double(a[1].item(as: Int.self)))] }
/// power([x, Tensor(3)])   // stages for exponent 3
/// ```
public func jit(
  staticArguments: Set<Int> = [], donating: Set<Int> = [], _ f: @escaping ([Tensor]) -> [Tensor]
) -> ([Tensor]) -> [Tensor] {
  let function = StagedFunction(donating: donating)
  return { inputs in
    var arguments: [StagedFunction.Argument] = []
    for (position, input) in inputs.enumerated() {
      guard staticArguments.contains(position) else {
        arguments.append(StagedFunction.Argument(FlatTree(input)))
        continue
      }
      guard let key = StaticTensor(input) else { return f(inputs) }
      arguments.append(StagedFunction.Argument(static: .staticTensor(key)))
    }
    let results = function.call(arguments) { traced in
      var staged = traced.makeIterator()
      return f(inputs.indices.map { staticArguments.contains($0) ? inputs[$0] : staged.next()!.leaves[0] }).map(FlatTree.init)
    }
    return results.map { $0.leaves[0] }
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

  /// Whether `jit` prints, each time it stages a function again, which argument changed: the type
  /// of a tensor (with its path in a tree), a plain value of a tree or a static argument's value
  /// (JAX's `jax_explain_cache_misses`).
  public static var explainRecompiles: Bool {
    get { explain.load(ordering: .relaxed) }
    set { explain.store(newValue, ordering: .relaxed) }
  }
}
