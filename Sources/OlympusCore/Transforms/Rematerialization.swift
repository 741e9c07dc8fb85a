/// `f` as one primitive whose reverse mode keeps only its inputs and recomputes the rest (JAX's
/// `jax.checkpoint`, PyTorch's `torch.utils.checkpoint`): memory for time. `grad` through a
/// checkpointed block keeps none of the block's intermediates until the backward pass, which runs
/// the block's forward pass again.
///
/// `f` is staged at every call (for the arguments' types) and may use values it closes over.
///
/// ```swift
/// let block = checkpoint { (x: Tensor) in tanh(matmul(x, w1)).sum(axes: [1]) }
/// let gradient = grad(of: { x in block(x).sum() })(x)
/// ```
public func checkpoint(_ f: @escaping ([Tensor]) -> [Tensor]) -> ([Tensor]) -> [Tensor] {
  { inputs in
    let (graphs, captured) = closureConverted([makeGraph(of: f, for: inputs.map(\.type))])
    return bind(Checkpoint(function: graphs[0]), inputs + captured)
  }
}

/// `checkpoint` for a function of one tensor.
public func checkpoint(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  let checkpointed = checkpoint { (inputs: [Tensor]) in [f(inputs[0])] }
  return { checkpointed([$0])[0] }
}
