import OlympusCore

extension Module {
  /// The parameters with their paths in the tree (`layers.0.weight`), in flattening order; buffers
  /// (see ``Buffer``) are left out, as in PyTorch's `named_parameters()`.
  ///
  /// Found by flattening the tree (no reflection): once as it is, once with buffers hidden.
  public var namedParameters: [(path: String, tensor: Tensor)] {
    let parameterPaths = Set(BufferVisibility.$isHidden.withValue(true) { flattened().structure.leafPaths })
    return namedLeaves.filter { parameterPaths.contains($0.path) }
  }

  /// The parameters in flattening order, without buffers.
  public var parameters: [Tensor] { namedParameters.map(\.tensor) }

  /// The buffers (see ``Buffer``) with their paths, as in PyTorch's `named_buffers()`.
  public var namedBuffers: [(path: String, tensor: Tensor)] {
    let parameterPaths = Set(namedParameters.map(\.path))
    return namedLeaves.filter { !parameterPaths.contains($0.path) }
  }

  /// Every tensor of the tree with its path: parameters and buffers (PyTorch's `state_dict()`).
  public var namedLeaves: [(path: String, tensor: Tensor)] {
    let (leaves, structure) = flattened()
    return Array(zip(structure.leafPaths, leaves)).map { (path: $0, tensor: $1) }
  }

  /// A copy whose floating-point parameters are fresh leaves of the eager tape that require
  /// gradients (PyTorch's `requires_grad_()`, without touching this module): after
  /// `loss.backward()`, each parameter's `grad` holds its gradient.
  ///
  /// The copies share storage with this module's tensors but not their tape state, so this module
  /// keeps not requiring gradients. Buffers and integer tensors are left as they are.
  ///
  /// ```swift
  /// let model = mlp.requiringGrad()
  /// crossEntropy(model(x), labels).backward()
  /// print(model.layers[0].weight.grad!)
  /// ```
  public func requiringGrad() -> Self {
    let parameterPaths = Set(namedParameters.map(\.path))
    let (leaves, structure) = flattened()
    let marked = zip(structure.leafPaths, leaves).map { path, leaf in
      parameterPaths.contains(path) && leaf.dtype.isFloatingPoint ? freshLeaf(leaf).requiringGrad() : leaf
    }
    return Self(structure: structure, leaves: marked)
  }

  /// Clears the accumulated gradient of every parameter (PyTorch's `zero_grad(set_to_none=True)`).
  public func zeroGrad() {
    for parameter in parameters { parameter.zeroGrad() }
  }
}
