import OlympusCore

extension Optimizer {
  /// Updates `model` one step along the gradients the eager tape accumulated in its parameters'
  /// `grad` (PyTorch's `optimizer.step()` after `loss.backward()`).
  ///
  /// A parameter whose `grad` is `nil` is skipped: it keeps its value and the optimizer keeps its
  /// state for it unchanged, as PyTorch skips parameters whose `grad` is `None`. Tensors are
  /// immutable, so updated parameters are new tensors; each still requires gradients and carries
  /// the old `grad` (clear it with ``zeroGrad(_:)`` before the next `backward()`, as in PyTorch).
  /// Hooks registered on the old parameter tensors do not carry over.
  public mutating func step(_ model: inout Model) {
    let paths = model.flattened().structure.leafPaths
    apply(to: &model, "step(_:)") { parameters in (parameters.map(\.grad), paths) }
  }

  /// Clears the accumulated `grad` of every parameter of `model` (PyTorch's
  /// `optimizer.zero_grad()`, which sets them to `None`).
  public func zeroGrad(_ model: inout Model) {
    for parameter in model.leaves { parameter.zeroGrad() }
  }
}
