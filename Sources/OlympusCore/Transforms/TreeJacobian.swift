/// The Jacobian of a function from one tree to another (JAX's pytree Jacobian): one block for every
/// pair of an output tensor and an input tensor, `blocks[i][j]` of shape
/// `outputLeaf[i].shape + inputLeaf[j].shape` (the derivative of every element of output tensor `i`
/// with respect to every element of input tensor `j`).
///
/// JAX nests the input's structure inside the output's: `jacrev(f)(params)["out"]["w"]`. A Swift
/// type cannot put an arbitrary tree type inside another, so the nesting is kept in the same order,
/// output first: `jacobian[i]` is a value of the input's type whose tensors are the blocks of output
/// tensor `i` (for a function returning one tensor, the Jacobian transforms return that value
/// directly), and `jacobian["out", "w"]` picks one block by the leaves' dotted paths.
///
/// ```swift
/// struct Affine: TensorTree { var weight: Tensor; var bias: Tensor }
/// let jacobian = jacrev(of: { (m: Affine) in [tanh(matmul(m.weight, x) + m.bias), m.bias.sum()] })(model)
/// jacobian[0].weight          // ∂ first output / ∂ weight: float32[3, 3, 4]
/// jacobian["1", "bias"]       // ∂ second output / ∂ bias: float32[3]
/// ```
public struct TreeJacobian<Input: TensorTree, Output: TensorTree> {
  /// `blocks[i][j]`: output tensor `i` (in `Output`'s leaf order) by input tensor `j`.
  public let blocks: [[Tensor]]
  /// The structure of the function's output.
  public let outputStructure: TreeStructure
  /// The structure of the function's input.
  public let inputStructure: TreeStructure

  /// The Jacobian of output tensor `outputLeaf` with respect to the whole input, as a value of the
  /// input's type (each tensor shaped `outputLeaf.shape + inputLeaf.shape`).
  public subscript(outputLeaf: Int) -> Input {
    guard blocks.indices.contains(outputLeaf) else {
      _ = reject(OlympusError("TreeJacobian", "output tensor \(outputLeaf) of \(blocks.count)"))
      return Input(structure: inputStructure, leaves: Array(repeating: .failed, count: inputStructure.leafCount))
    }
    return Input(structure: inputStructure, leaves: blocks[outputLeaf])
  }

  /// The block of the output tensor at dotted path `output` with respect to the input tensor at
  /// dotted path `input` (the paths of `TreeStructure.leafPaths`; a lone tensor's path is `""`).
  public subscript(output: String, input: String) -> Tensor {
    let outputPaths = outputStructure.leafPaths
    let inputPaths = inputStructure.leafPaths
    guard let row = outputPaths.firstIndex(of: output), let column = inputPaths.firstIndex(of: input) else {
      return reject(
        OlympusError(
          "TreeJacobian", "no block for output \"\(output)\" and input \"\(input)\"; outputs are \(outputPaths), "
            + "inputs \(inputPaths)"))
    }
    return blocks[row][column]
  }

  /// One value of the input's type per output tensor, in the output's leaf order.
  public var rows: [Input] { blocks.map { Input(structure: inputStructure, leaves: $0) } }
}

/// The Jacobian of a function between trees by reverse mode: one forward pass, then the pullback
/// applied to every basis cotangent of all output tensors at once under `vmap`. Best when outputs
/// are fewer than inputs. See ``TreeJacobian`` for the layout.
public func jacrev<Input: TensorTree, Output: TensorTree>(
  of f: @escaping (Input) -> Output
) -> (Input) -> TreeJacobian<Input, Output> {
  { x in treeJacobian("jacrev(of:)", at: x, f, reverse: true) }
}

/// The Jacobian of a tensor-valued function of a tree by reverse mode, as a value of the input's
/// type: each tensor shaped `f(x).shape + inputLeaf.shape` (JAX's `jacrev(f)(params)`).
public func jacrev<Input: TensorTree>(of f: @escaping (Input) -> Tensor) -> (Input) -> Input {
  { x in treeJacobian("jacrev(of:)", at: x, f, reverse: true)[0] }
}

/// The Jacobian of a tree-valued function of a tensor by reverse mode, as a value of the output's
/// type: each tensor shaped `outputLeaf.shape + x.shape`.
public func jacrev<Output: TensorTree>(of f: @escaping (Tensor) -> Output) -> (Tensor) -> Output {
  { x in
    let jacobian = treeJacobian("jacrev(of:)", at: x, f, reverse: true)
    return Output(structure: jacobian.outputStructure, leaves: jacobian.blocks.map { $0[0] })
  }
}

/// The Jacobian of a function between trees by forward mode: the JVP along every basis direction of
/// all input tensors at once under `vmap`. Best when inputs are fewer than outputs. See
/// ``TreeJacobian`` for the layout.
public func jacfwd<Input: TensorTree, Output: TensorTree>(
  of f: @escaping (Input) -> Output
) -> (Input) -> TreeJacobian<Input, Output> {
  { x in treeJacobian("jacfwd(of:)", at: x, f, reverse: false) }
}

/// The Jacobian of a tensor-valued function of a tree by forward mode, as a value of the input's
/// type: each tensor shaped `f(x).shape + inputLeaf.shape`.
public func jacfwd<Input: TensorTree>(of f: @escaping (Input) -> Tensor) -> (Input) -> Input {
  { x in treeJacobian("jacfwd(of:)", at: x, f, reverse: false)[0] }
}

/// The Jacobian of a tree-valued function of a tensor by forward mode, as a value of the output's
/// type: each tensor shaped `outputLeaf.shape + x.shape`.
public func jacfwd<Output: TensorTree>(of f: @escaping (Tensor) -> Output) -> (Tensor) -> Output {
  { x in
    let jacobian = treeJacobian("jacfwd(of:)", at: x, f, reverse: false)
    return Output(structure: jacobian.outputStructure, leaves: jacobian.blocks.map { $0[0] })
  }
}

/// The Hessian of a scalar function of a tree, forward mode over reverse mode: block `[i][j]` of
/// shape `inputLeaf[i].shape + inputLeaf[j].shape` holds the second derivatives with respect to
/// input tensors `i` and `j` (JAX's `hessian(f)(params)[i][j]`).
public func hessian<Input: TensorTree>(of f: @escaping (Input) -> Tensor) -> (Input) -> TreeJacobian<Input, Input> {
  let gradient: (Input) -> Input = grad(of: f)
  return { x in treeJacobian("hessian(of:)", at: x, gradient, reverse: false) }
}

/// The Hessian–vector product `∇²f(x)·v` of a scalar function of a tree, by forward mode over
/// reverse mode; a value of the input's type. Never forms the Hessian.
public func hvp<Input: TensorTree>(at x: Input, along v: Input, of f: @escaping (Input) -> Tensor) -> Input {
  let gradient: (Input) -> Input = grad(of: f)
  return jvp(at: x, along: v, of: gradient).tangent
}

/// The Jacobian blocks of `f` at `x`, by reverse mode (a batched pullback over the basis of all
/// output elements) or forward mode (a batched JVP over the basis of all input elements).
func treeJacobian<Input: TensorTree, Output: TensorTree>(
  _ operation: String, at x: Input, _ f: (Input) -> Output, reverse: Bool
) -> TreeJacobian<Input, Output> {
  let (inputs, inputStructure) = x.flattened()
  var outputStructure: TreeStructure?
  let flat: ([Tensor]) -> [Tensor] = { traced in
    let (leaves, structure) = f(Input(structure: inputStructure, leaves: traced)).flattened()
    outputStructure = structure
    return leaves
  }
  let blocks = reverse ? reverseJacobian(operation, at: inputs, flat) : forwardJacobian(operation, at: inputs, flat)
  return TreeJacobian(
    blocks: blocks, outputStructure: outputStructure ?? .ofResult(of: f, forArgumentOf: inputStructure),
    inputStructure: inputStructure)
}

/// Rejects inputs or outputs that are not floating point (their derivatives are not defined, as in
/// JAX), naming the tensor; `false` when rejected.
private func checkFloatingPoint(_ operation: String, _ tensors: [Tensor], _ role: String) -> Bool {
  guard let index = tensors.firstIndex(where: { !$0.dtype.isFloatingPoint }) else { return true }
  _ = reject(
    OlympusError(operation, "needs floating-point \(role)s; \(role) tensor \(index) is \(tensors[index].type)"))
  return false
}

/// Columns `offset ..< offset + like.elementCount` of the `total × total` identity, shaped
/// `[total] + like.shape` and typed like `like`: the basis directions that fall in one tensor when
/// all tensors of a tree are numbered together.
private func basisSlice(total: Int, offset: Int, like tensor: Tensor) -> Tensor {
  Tensor.eye(total, columns: tensor.elementCount, diagonal: -offset, dtype: tensor.dtype)
    .reshaped(to: [total] + tensor.shape)
}

/// Blocks of zeros, for Jacobians with no elements to differentiate along.
private func zeroBlocks(outputs: [Tensor], inputs: [Tensor]) -> [[Tensor]] {
  outputs.map { output in
    inputs.map { input in
      Tensor.zeros(output.shape + input.shape, dtype: output.dtype.isFloatingPoint ? input.dtype : output.dtype)
    }
  }
}

/// The starting position of each tensor when all their elements are numbered together.
private func offsets(_ tensors: [Tensor]) -> [Int] {
  var offsets: [Int] = []
  var total = 0
  for tensor in tensors {
    offsets.append(total)
    total += tensor.elementCount
  }
  return offsets
}

/// Jacobian blocks by reverse mode: pullbacks of the basis of all output elements, one batch.
private func reverseJacobian(_ operation: String, at inputs: [Tensor], _ f: ([Tensor]) -> [Tensor]) -> [[Tensor]] {
  guard checkFloatingPoint(operation, inputs, "input") else {
    return f(inputs).map { _ in inputs.map { _ in .failed } }
  }
  let (outputs, pullback) = reverseFlat(operation, at: inputs, f)
  guard checkFloatingPoint(operation, outputs, "output") else { return outputs.map { _ in inputs.map { _ in .failed } } }
  let sizes = outputs.map(\.elementCount)
  let total = sizes.reduce(0, +)
  guard total > 0 else { return zeroBlocks(outputs: outputs, inputs: inputs) }
  let basis = zip(outputs, offsets(outputs)).map { basisSlice(total: total, offset: $1, like: $0) }
  let rows = vmap(inAxes: basis.map { _ in 0 }, of: { pullback($0.map { Optional($0) }) })(basis)
  let parts = rows.map { $0.split(sizes: sizes, axis: 0) }
  return outputs.indices.map { i in
    inputs.indices.map { j in parts[j][i].reshaped(to: outputs[i].shape + inputs[j].shape) }
  }
}

/// Jacobian blocks by forward mode: JVPs along the basis of all input elements, one batch.
private func forwardJacobian(_ operation: String, at inputs: [Tensor], _ f: ([Tensor]) -> [Tensor]) -> [[Tensor]] {
  guard checkFloatingPoint(operation, inputs, "input") else {
    return f(inputs).map { _ in inputs.map { _ in .failed } }
  }
  let sizes = inputs.map(\.elementCount)
  let total = sizes.reduce(0, +)
  guard total > 0 else { return zeroBlocks(outputs: f(inputs), inputs: inputs) }
  let basis = zip(inputs, offsets(inputs)).map { basisSlice(total: total, offset: $1, like: $0) }
  // Every output gets the batch of directions as its last axis: `output.shape + [total]`.
  let columns = batchFlat(inAxes: basis.map { _ in 0 }, outAxes: nil, outAxis: -1, inputs: basis) { directions in
    forwardFlat(operation, at: inputs, along: directions, f).tangents
  }
  return columns.map { column in
    let outputShape = Array(column.shape.dropLast())
    let parts = column.split(sizes: sizes, axis: -1)
    return inputs.indices.map { j in parts[j].reshaped(to: outputShape + inputs[j].shape) }
  }
}
