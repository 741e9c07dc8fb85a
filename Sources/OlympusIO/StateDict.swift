import OlympusCore

extension TensorTree {
  /// Every tensor of the tree by its dotted path, PyTorch's `state_dict()` naming: struct fields by
  /// name, array elements and ``Sequential`` layers by index (`layers.0.weight`, `0.bias`,
  /// `hidden.bias`). Buffers are included; `nil` optionals and plain values are not.
  ///
  /// A `Sequential(Linear(…), Activation.relu, Linear(…))` gives `0.weight`, `0.bias`,
  /// `2.weight`, `2.bias`, as `torch.nn.Sequential` does, so PyTorch's files load without
  /// renaming.
  public func stateDict() -> [String: Tensor] {
    let (leaves, structure) = flattened()
    return Dictionary(zip(structure.leafPaths, leaves), uniquingKeysWith: { first, _ in first })
  }

  /// Replaces the tree's tensors with those of `stateDict` under the same paths (PyTorch's
  /// `load_state_dict`).
  ///
  /// Every problem is reported together in one ``OlympusError``: paths the tree has and
  /// `stateDict` lacks (missing), keys of `stateDict` the tree does not have (unexpected, only when
  /// `strict`), and tensors whose shape differs from the tree's. A tensor of another dtype is
  /// converted to the tree's, as PyTorch copies into its parameters. With `strict: false`, missing
  /// paths keep their current tensors and unexpected keys are ignored; both are returned.
  ///
  /// ```swift
  /// var model = Sequential(Linear(inputFeatures: 4, outputFeatures: 8, key: k0), Activation.relu,
  ///                        Linear(inputFeatures: 8, outputFeatures: 2, key: k1))
  /// try model.loadStateDict(loadSafetensors(from: url).tensors)   // a torch.nn.Sequential's state_dict
  /// ```
  @discardableResult
  public mutating func loadStateDict(
    _ stateDict: [String: Tensor], strict: Bool = true
  ) throws -> (missingKeys: [String], unexpectedKeys: [String]) {
    let (leaves, structure) = flattened()
    let paths = structure.leafPaths
    var updated = leaves
    var missing: [String] = []
    var misshapen: [String] = []
    for (index, path) in paths.enumerated() {
      guard let tensor = stateDict[path] else {
        missing.append(path)
        continue
      }
      guard tensor.shape == leaves[index].shape else {
        misshapen.append("\(path) (given \(tensor.type), expected \(leaves[index].type))")
        continue
      }
      updated[index] = tensor.dtype == leaves[index].dtype ? tensor : tensor.astype(leaves[index].dtype)
    }
    let unexpected = Set(stateDict.keys).subtracting(paths).sorted()
    var problems: [String] = []
    if strict && !missing.isEmpty { problems.append("missing keys \(missing)") }
    if strict && !unexpected.isEmpty { problems.append("unexpected keys \(unexpected)") }
    if !misshapen.isEmpty { problems.append("mis-shaped keys \(misshapen)") }
    guard problems.isEmpty else {
      throw OlympusError("loadStateDict(_:strict:)", "\(Self.self): " + problems.joined(separator: "; "))
    }
    self = Self(structure: structure, leaves: updated)
    return (missing, unexpected)
  }
}
