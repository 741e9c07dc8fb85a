/// Runs `body` with the eager tape off: operations on tensors that require gradients record
/// nothing and give plain tensors (PyTorch's `torch.no_grad()`).
public func withNoGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
  try withGradientMode(false, body)
}

/// Runs `body` with the eager tape on, for example inside `withNoGrad` (PyTorch's
/// `torch.enable_grad()`).
public func withGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
  try withGradientMode(true, body)
}

/// Whether the eager tape records on this thread.
public var isGradEnabled: Bool { ThreadContext.current.isGradEnabled }

func withGradientMode<Result>(_ enabled: Bool, _ body: () throws -> Result) rethrows -> Result {
  let context = ThreadContext.current
  let saved = context.isGradEnabled
  context.isGradEnabled = enabled
  defer { context.isGradEnabled = saved }
  return try body()
}
