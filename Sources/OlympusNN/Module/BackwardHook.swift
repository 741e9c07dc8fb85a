import OlympusCore

/// A module whose eager-tape backward passes call a hook with the gradients at its boundary
/// (PyTorch's `register_full_backward_hook`), made by ``Module/registeringBackwardHook(_:)``.
///
/// The hook receives the gradient with respect to the module's input (`nil` when the input does
/// not require gradients) and the gradient with respect to its output, and may return a
/// replacement for the input's gradient. It runs once per backward pass through each forward
/// call made while the tape records.
///
/// Hooks belong to the eager tape: inside `grad`, `vjp`, `vmap` and the other transformations the
/// module runs without them, and a tree rebuilt from this module's leaves (a gradient, a decoded
/// model) has none — closures are not part of the tree. The wrapped module's tensors keep their
/// paths (`weight`, not `wrapped.weight`).
///
/// The hooks are tape hooks (`registerHook`) on the call's output and on an alias of its input,
/// and OlympusCore keeps a non-leaf tensor's hooks with the tensor: they run only if the output
/// tensor is still alive when the backward pass reaches it (keep it in a variable; the output's
/// hook keeps the input's alias alive). PyTorch keeps such hooks on the graph node instead, so
/// they also run for temporaries; OlympusCore doing the same would lift this restriction here
/// with no change to this type.
public struct BackwardHooked<Wrapped: Module>: Module {
  /// Called with the gradients of the module's input and output; returns a replacement input
  /// gradient or `nil` to keep it.
  public typealias Hook = (_ gradInput: Tensor?, _ gradOutput: Tensor) -> Tensor?

  /// The module.
  public var wrapped: Wrapped
  /// The hooks, in registration order.
  public var hooks: [Hook]

  /// Wraps `wrapped` with `hooks`.
  public init(_ wrapped: Wrapped, hooks: [Hook]) {
    self.wrapped = wrapped
    self.hooks = hooks
  }

  /// The wrapped module's output, with the hooks attached to it and to the input.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    hooked(input) { wrapped($0) }
  }

  /// The wrapped module's `forward(_:mode:)`, with the hooks attached; the updated module keeps
  /// them.
  public func forward(_ input: Tensor, mode: ForwardMode) -> (output: Tensor, updated: Self) {
    var updated = wrapped
    let output = hooked(input) { x in
      let result = wrapped.forward(x, mode: mode)
      updated = result.updated
      return result.output
    }
    return (output, BackwardHooked(updated, hooks: hooks))
  }

  /// Runs `body` on an alias of `input` recorded on the tape, so that the alias's gradient is the
  /// gradient this call contributes to `input`; a hook on the output captures the output's
  /// gradient (and keeps the alias alive), and one on the alias calls `hooks` with both.
  private func hooked(_ input: Tensor, _ body: (Tensor) -> Tensor) -> Tensor {
    guard isGradEnabled, !hooks.isEmpty, input.isConcrete else { return body(input) }
    let tracksInput = input.requiresGrad
    let alias = tracksInput ? bind(Reshape(shape: input.shape), [input])[0] : input
    let output = body(alias)
    guard output.requiresGrad else { return output }
    let hooks = hooks
    let captured = CapturedGradient()
    output.registerHook { gradOutput in
      withExtendedLifetime(alias) {}
      if tracksInput {
        captured.value = gradOutput
      } else {
        for hook in hooks { _ = hook(nil, gradOutput) }
      }
      return nil
    }
    if tracksInput {
      alias.registerHook { gradInput in
        guard let gradOutput = captured.value else { return nil }
        return hooks.reduce(gradInput) { current, hook in hook(current, gradOutput) ?? current }
      }
    }
    return output
  }

  /// Encodes the wrapped module in place (the hooks are not data).
  public func encode(to encoder: any Encoder) throws {
    try wrapped.encode(to: encoder)
  }

  /// Decodes the wrapped module, with no hooks.
  public init(from decoder: any Decoder) throws {
    self.init(try Wrapped(from: decoder), hooks: [])
  }
}

/// The output gradient seen by one forward call's output hook, for its input hook.
private final class CapturedGradient {
  var value: Tensor?
}

extension Module {
  /// This module with `hook` called on its gradients during eager-tape backward passes (PyTorch's
  /// `register_full_backward_hook`; see ``BackwardHooked``).
  ///
  /// Modules are values, so the hook lives in the returned wrapper rather than in `self`:
  ///
  /// ```swift
  /// let layer = Linear(inputFeatures: 3, outputFeatures: 2, key: key).requiringGrad()
  ///   .registeringBackwardHook { gradInput, gradOutput in print(gradOutput); return nil }
  /// layer(x).sum().backward()
  /// ```
  public func registeringBackwardHook(_ hook: @escaping BackwardHooked<Self>.Hook) -> BackwardHooked<Self> {
    BackwardHooked(self, hooks: [hook])
  }
}

extension BackwardHooked {
  /// This module with one more hook (called after the others).
  public func registeringBackwardHook(_ hook: @escaping Hook) -> BackwardHooked<Wrapped> {
    BackwardHooked(wrapped, hooks: hooks + [hook])
  }
}
