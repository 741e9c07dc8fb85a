/// The value and gradient of a scalar function of a tree: `valueAndGrad(of: f)(x)` is
/// `(f(x), ∇f(x))`, the gradient of the tree's type.
///
/// ```swift
/// let (loss, gradient) = valueAndGrad(of: { (model: MLP) in crossEntropy(model(x), labels) })(model)
/// ```
public func valueAndGrad<T: TensorTree>(of f: @escaping (T) -> Tensor) -> (T) -> (value: Tensor, gradient: T) {
  { x in
    let (leaves, structure) = x.flattened()
    let result = scalarGradient("valueAndGrad(of:)", at: leaves) { [f(T(structure: structure, leaves: $0))] }
    return (result.value, T(structure: structure, leaves: result.gradients))
  }
}

/// `valueAndGrad(of:)` for a function of a tensor, so closures need no type annotations.
public func valueAndGrad(of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> (value: Tensor, gradient: Tensor) {
  { x in
    let result = scalarGradient("valueAndGrad(of:)", at: [x]) { [f($0[0])] }
    return (result.value, result.gradients[0])
  }
}

/// The gradient of a scalar function of a tree, of the tree's type (JAX's `grad`).
public func grad<T: TensorTree>(of f: @escaping (T) -> Tensor) -> (T) -> T {
  let valueAndGradient = valueAndGrad(of: f)
  return { valueAndGradient($0).gradient }
}

/// The gradient of a scalar function of a tensor.
///
/// ```swift
/// let df = grad(of: { x in (tanh(x) * tanh(x)).sum() })
/// print(df(Tensor([0.5, 1.0])))
/// ```
public func grad(of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  let valueAndGradient = valueAndGrad(of: f)
  return { valueAndGradient($0).gradient }
}

/// The value and the gradients with respect to both arguments of a scalar function of two trees.
public func valueAndGrad<A: TensorTree, B: TensorTree>(
  of f: @escaping (A, B) -> Tensor
) -> (A, B) -> (value: Tensor, gradient: (A, B)) {
  { a, b in
    let (leavesA, structureA) = a.flattened()
    let (leavesB, structureB) = b.flattened()
    let result = scalarGradient("valueAndGrad(of:)", at: leavesA + leavesB) { leaves in
      let parts = split(leaves, counts: [leavesA.count, leavesB.count])
      return [f(A(structure: structureA, leaves: parts[0]), B(structure: structureB, leaves: parts[1]))]
    }
    let parts = split(result.gradients, counts: [leavesA.count, leavesB.count])
    return (result.value, (A(structure: structureA, leaves: parts[0]), B(structure: structureB, leaves: parts[1])))
  }
}

/// The gradients with respect to both arguments of a scalar function of two trees.
public func grad<A: TensorTree, B: TensorTree>(of f: @escaping (A, B) -> Tensor) -> (A, B) -> (A, B) {
  let valueAndGradient = valueAndGrad(of: f)
  return { valueAndGradient($0, $1).gradient }
}

/// The gradients with respect to all three arguments of a scalar function of three trees.
public func grad<A: TensorTree, B: TensorTree, C: TensorTree>(
  of f: @escaping (A, B, C) -> Tensor
) -> (A, B, C) -> (A, B, C) {
  { a, b, c in
    let (leavesA, structureA) = a.flattened()
    let (leavesB, structureB) = b.flattened()
    let (leavesC, structureC) = c.flattened()
    let counts = [leavesA.count, leavesB.count, leavesC.count]
    let result = scalarGradient("grad(of:)", at: leavesA + leavesB + leavesC) { leaves in
      let parts = split(leaves, counts: counts)
      return [
        f(
          A(structure: structureA, leaves: parts[0]), B(structure: structureB, leaves: parts[1]),
          C(structure: structureC, leaves: parts[2]))
      ]
    }
    let parts = split(result.gradients, counts: counts)
    return (
      A(structure: structureA, leaves: parts[0]), B(structure: structureB, leaves: parts[1]),
      C(structure: structureC, leaves: parts[2])
    )
  }
}

/// The gradient with respect to one argument (0 or 1) of a scalar function of two tensors (JAX's
/// `argnums`); the other argument is a constant.
public func grad(wrt argument: Int, of f: @escaping (Tensor, Tensor) -> Tensor) -> (Tensor, Tensor) -> Tensor {
  guard check((0..<2).contains(argument), OlympusError("grad(wrt:of:)", "argument \(argument) of a two-argument function"))
  else { return { _, _ in .failed } }
  return { a, b in
    scalarGradient("grad(wrt:of:)", at: [a, b], wrt: [argument]) { [f($0[0], $0[1])] }.gradients[0]
  }
}

/// The gradients with respect to the chosen arguments of a scalar function of three tensors, in
/// the order of `arguments`; the others are constants.
public func grad(
  wrt arguments: [Int], of f: @escaping (Tensor, Tensor, Tensor) -> Tensor
) -> (Tensor, Tensor, Tensor) -> [Tensor] {
  guard
    check(
      arguments.allSatisfy { (0..<3).contains($0) },
      OlympusError("grad(wrt:of:)", "arguments \(arguments) of a three-argument function"))
  else { return { _, _, _ in arguments.map { _ in .failed } } }
  return { a, b, c in
    scalarGradient("grad(wrt:of:)", at: [a, b, c], wrt: arguments) { [f($0[0], $0[1], $0[2])] }.gradients
  }
}

/// The value, auxiliary data and gradient of a function returning a scalar and auxiliary tensors
/// (JAX's `has_aux=True`); the auxiliary data is not differentiated.
///
/// ```swift
/// let (loss, logits, gradient) = valueAndGrad(of: { (m: MLP) in
///   let logits = m(x)
///   return (crossEntropy(logits, labels), logits)
/// })(model)
/// ```
public func valueAndGrad<T: TensorTree, Aux: TensorTree>(
  of f: @escaping (T) -> (Tensor, Aux)
) -> (T) -> (value: Tensor, aux: Aux, gradient: T) {
  { x in
    let (leaves, structure) = x.flattened()
    var auxStructure: TreeStructure?
    let result = scalarGradient("valueAndGrad(of:)", at: leaves) { traced in
      let (value, aux) = f(T(structure: structure, leaves: traced))
      let (auxLeaves, shape) = aux.flattened()
      auxStructure = shape
      return [value] + auxLeaves
    }
    let aux = Aux(
      structure: auxStructure ?? .ofResult(of: { f($0).1 }, forArgumentOf: structure), leaves: result.auxiliary)
    return (result.value, aux, T(structure: structure, leaves: result.gradients))
  }
}

/// The gradient and auxiliary data of a function returning a scalar and auxiliary tensors.
public func grad<T: TensorTree, Aux: TensorTree>(of f: @escaping (T) -> (Tensor, Aux)) -> (T) -> (gradient: T, aux: Aux) {
  let valueAndGradient: (T) -> (value: Tensor, aux: Aux, gradient: T) = valueAndGrad(of: f)
  return { x in
    let result = valueAndGradient(x)
    return (result.gradient, result.aux)
  }
}
