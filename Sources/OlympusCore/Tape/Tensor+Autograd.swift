extension Tensor {
  /// Whether operations on this tensor are recorded on the eager tape so gradients can flow back
  /// to it (PyTorch's `requires_grad`). Set it on leaves (inputs, parameters); results of
  /// recorded operations require gradients themselves.
  ///
  /// The flag, `grad`, `gradFn` and hooks belong to the tensor's identity: every copy of the tensor
  /// shares them, as every reference to a PyTorch tensor does.
  public var requiresGrad: Bool {
    get { handle.autograd?.requiresGrad ?? false }
    nonmutating set {
      guard isConcrete else {
        _ = reject(OlympusError("requiresGrad", "only concrete tensors can require gradients on the tape, not \(type)"))
        return
      }
      guard newValue || isLeaf else {
        _ = reject(OlympusError("requiresGrad", "cannot turn off gradients of a non-leaf \(type); use detached()"))
        return
      }
      guard !newValue || dtype.isFloatingPoint else {
        _ = reject(OlympusError("requiresGrad", "only floating-point tensors can require gradients, not \(type)"))
        return
      }
      if let state = handle.autograd {
        state.requiresGrad = newValue
      } else if newValue {
        handle.installAutograd(AutogradState(requiresGrad: true)).requiresGrad = true
      }
    }
  }

  /// The same tensor, requiring gradients when `flag` is true (for chaining after creation).
  public func requiringGrad(_ flag: Bool = true) -> Tensor {
    if flag { requiresGrad = true }
    return self
  }

  /// Whether the tensor is a leaf of the tape: created by the user rather than by a recorded
  /// operation (tensors that do not require gradients are leaves too, as in PyTorch).
  public var isLeaf: Bool { handle.autograd?.gradientFunction == nil }

  /// The recorded operation that produced this tensor (PyTorch's `grad_fn`); `nil` for leaves.
  public var gradFn: GradientFunction? { handle.autograd?.gradientFunction }

  /// The gradient accumulated by `backward()` into this leaf (or into a non-leaf after
  /// `retainGrad()`); `nil` until then. Set it to `nil` to clear it.
  public var grad: Tensor? {
    get { handle.autograd?.grad }
    nonmutating set {
      guard let state = handle.autograd else {
        if newValue != nil {
          _ = reject(OlympusError("grad", "the tensor \(type) does not require gradients"))
        }
        return
      }
      if let newValue, newValue.type != type, !newValue.isFailed {
        _ = reject(OlympusError("grad", "assigned a gradient \(newValue.type) to a tensor \(type)"))
        return
      }
      state.grad = newValue
    }
  }

  /// Clears the accumulated gradient (PyTorch's `zero_grad(set_to_none=True)`).
  public func zeroGrad() { handle.autograd?.grad = nil }

  /// Keeps the gradient of this non-leaf in `grad` during `backward()`.
  public func retainGrad() {
    guard let state = handle.autograd, state.requiresGrad else {
      _ = reject(OlympusError("retainGrad()", "the tensor \(type) does not require gradients"))
      return
    }
    state.retainsGrad = true
  }

  /// Runs `hook` on every gradient computed for this tensor during a backward pass, before it is
  /// accumulated or passed on; a non-`nil` result replaces the gradient.
  public func registerHook(_ hook: @escaping (Tensor) -> Tensor?) {
    guard let state = handle.autograd, state.requiresGrad else {
      _ = reject(OlympusError("registerHook(_:)", "the tensor \(type) does not require gradients"))
      return
    }
    if let node = state.gradientFunction {
      node.addHook(hook, toOutput: state.outputIndex)
    } else {
      state.addHook(hook)
    }
  }

  /// Runs `hook` with this leaf's `grad` after each accumulation into it.
  public func registerPostAccumulateGradHook(_ hook: @escaping (Tensor) -> Void) {
    guard let state = handle.autograd, state.requiresGrad, isLeaf else {
      _ = reject(OlympusError("registerPostAccumulateGradHook(_:)", "only leaves that require gradients accumulate"))
      return
    }
    state.addPostAccumulateHook(hook)
  }
}

/// A tape leaf with `tensor`'s value and storage but its own identity (its own `requiresGrad`,
/// `grad` and hooks): a view through `Reshape` of the detached tensor. (Modules' `requiringGrad()`
/// and OlympusDistributed's `DataParallel` mark such copies, never the caller's tensors.)
package func freshLeaf(_ tensor: Tensor) -> Tensor {
  bind(Reshape(shape: tensor.shape), [tensor.detached()])[0]
}
