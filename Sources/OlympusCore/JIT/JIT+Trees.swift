/// `jit` for a function of trees (a model, an optimizer state, a batch) returning a tree: the cache
/// is keyed by the types of every argument's tensors and by their plain values (which `f` reads as
/// Swift values, such as a `Bool` flag, so they are static). Values that change every call, such
/// as an optimizer's update count, belong in tensors (optimizer states keep them so).
///
/// `donating` lists argument positions the caller will not use again (a donated tree donates all
/// its tensors), as a training step donates the model and optimizer state it replaces.
///
/// ```swift
/// let predict = jit { (model: MLP, x: Tensor) in model(x) }
/// ```
public func jit<each A: TensorTree, R: TensorTree>(
  donating: Set<Int> = [], _ f: @escaping (repeat each A) -> R
) -> (repeat each A) -> R {
  let function = StagedFunction(donating: donating)
  return { (arguments: repeat each A) in
    function.call(treeArguments(repeat each arguments)) { traced in
      var reader = TreeReader(traced)
      return [FlatTree(f(repeat reader.next((each A).self)))]
    }[0].rebuilt()
  }
}

/// `jit` for a function of trees returning two trees.
public func jit<each A: TensorTree, R1: TensorTree, R2: TensorTree>(
  donating: Set<Int> = [], _ f: @escaping (repeat each A) -> (R1, R2)
) -> (repeat each A) -> (R1, R2) {
  let function = StagedFunction(donating: donating)
  return { (arguments: repeat each A) in
    let results = function.call(treeArguments(repeat each arguments)) { traced in
      var reader = TreeReader(traced)
      let (r1, r2) = f(repeat reader.next((each A).self))
      return [FlatTree(r1), FlatTree(r2)]
    }
    return (results[0].rebuilt(), results[1].rebuilt())
  }
}

/// `jit` for a function of trees returning three trees, such as a training step
/// `(model, optimizerState, x, y) -> (model, optimizerState, loss)`:
///
/// ```swift
/// let step = jit(donating: [0, 1]) { (model: MLP, state: Adam.State, x: Tensor, y: Tensor) in
///   let (loss, gradient) = valueAndGrad(of: { (m: MLP) in crossEntropy(m(x), y) })(model)
///   var state = state
///   let updates = adam.update(gradient, state: &state, parameters: model)
///   return (applyUpdates(updates, to: model), state, loss)
/// }
/// ```
public func jit<each A: TensorTree, R1: TensorTree, R2: TensorTree, R3: TensorTree>(
  donating: Set<Int> = [], _ f: @escaping (repeat each A) -> (R1, R2, R3)
) -> (repeat each A) -> (R1, R2, R3) {
  let function = StagedFunction(donating: donating)
  return { (arguments: repeat each A) in
    let results = function.call(treeArguments(repeat each arguments)) { traced in
      var reader = TreeReader(traced)
      let (r1, r2, r3) = f(repeat reader.next((each A).self))
      return [FlatTree(r1), FlatTree(r2), FlatTree(r3)]
    }
    return (results[0].rebuilt(), results[1].rebuilt(), results[2].rebuilt())
  }
}

/// `jit` for a function of a tree and a static argument of any `Hashable` type (a flag, a count, a
/// mode): the argument is passed to `f` as it is, and the cache is keyed by its value as well as by
/// the tree's types (JAX's `static_argnums`).
///
/// ```swift
/// let norm = jit { (x: Tensor, order: Int) in pow(abs(x), Double(order)).sum() }
/// norm(x, 2); norm(x, 3)   // two stagings
/// ```
public func jit<A: TensorTree, S: Hashable, R: TensorTree>(
  donating: Set<Int> = [], _ f: @escaping (A, S) -> R
) -> (A, S) -> R {
  let function = StagedFunction(donating: donating)
  return { a, s in
    let arguments = [StagedFunction.Argument(FlatTree(a)), StagedFunction.Argument(static: .value(AnyHashable(s)))]
    return function.call(arguments) { traced in [FlatTree(f(traced[0].rebuilt(), s))] }[0].rebuilt()
  }
}

/// The arguments of a call, flattened.
private func treeArguments<each A: TensorTree>(_ arguments: repeat each A) -> [StagedFunction.Argument] {
  var result: [StagedFunction.Argument] = []
  for argument in repeat each arguments { result.append(StagedFunction.Argument(FlatTree(argument))) }
  return result
}

/// Rebuilds a call's arguments, in order, from the trees the staging gives.
private struct TreeReader {
  private let trees: [FlatTree]
  private var position = 0

  init(_ trees: [FlatTree]) { self.trees = trees }

  mutating func next<T: TensorTree>(_ type: T.Type) -> T {
    defer { position += 1 }
    return trees[position].rebuilt()
  }
}
