/// Runs `body`, turning every rejected operation inside it into a thrown ``OlympusError``.
///
/// Outside such a scope a bad shape, type, axis or index traps, like Swift's own precondition
/// failures. Inside it, the first rejected operation records its error and returns a *failed*
/// tensor; every operation on a failed tensor returns another one at once; and when `body`
/// returns, the recorded error is thrown. A long-running program can so reject bad input and go
/// on. Scopes nest; an error belongs to the innermost one.
///
/// ```swift
/// do {
///   let y = try withErrorChecking { matmul(a, b) }
/// } catch {
///   print(error)  // matmul: [3,4] × [5,2]: inner dimensions 4 and 5 differ
/// }
/// ```
public func withErrorChecking<Result>(_ body: () throws -> Result) throws -> Result {
  let context = ThreadContext.current
  let outerError = context.recordedError
  context.recordedError = nil
  context.checkedScopeDepth += 1
  defer {
    context.checkedScopeDepth -= 1
    context.recordedError = outerError
  }
  let result = try body()
  if let error = context.recordedError { throw error }
  return result
}

/// Whether `withErrorChecking` is active on this thread.
public var isErrorCheckingActive: Bool { ThreadContext.current.checkedScopeDepth > 0 }

/// Reports a rejected operation: traps outside `withErrorChecking`; inside it, records the error
/// and returns a failed tensor, which every later operation passes on.
///
/// Libraries built on Olympus call it for their own argument checks, so that their errors behave
/// like Olympus's: `return reject(OlympusError("Linear", "expects …, got \(x.type)"))`.
public func reject(_ error: OlympusError) -> Tensor {
  let context = ThreadContext.current
  let error = context.errorContexts.reversed().reduce(error) { inner, outer in
    OlympusError(outer, inner.description)
  }
  guard context.checkedScopeDepth > 0 else { fatalError("Olympus: \(error)") }
  if context.recordedError == nil { context.recordedError = error }
  return Tensor.failed
}

/// Checks a condition on arguments of an operation that has no tensor to fail (an optimizer's
/// hyperparameters, a tree's structure): when `condition` is false, `error` is rejected like any
/// other (a thrown error inside `withErrorChecking`, a trap that prints it outside) and the
/// result is `false`, so the caller can return a harmless value.
///
/// ```swift
/// guard check(beta1 >= 0 && beta1 < 1, OlympusError("Adam", "beta1 \(beta1) is not in [0, 1)")) else { … }
/// ```
@discardableResult
public func check(_ condition: Bool, _ error: @autoclosure () -> OlympusError) -> Bool {
  if condition { return true }
  _ = reject(error())
  return false
}

/// Runs `body` and tells whether an operation inside it was rejected. An error rejected inside
/// `body` stays recorded for the enclosing `withErrorChecking` scope; callers use the flag to
/// keep a failed computation out of state that outlives the call (caches, accumulated gradients,
/// optimizer states), so a failure never changes a later result.
public func detectingRejection<Result>(_ body: () throws -> Result) rethrows -> (result: Result, rejected: Bool) {
  let context = ThreadContext.current
  let outerError = context.recordedError
  context.recordedError = nil
  defer {
    if outerError != nil { context.recordedError = outerError }
  }
  let result = try body()
  return (result, context.recordedError != nil)
}

/// Runs `body` as part of `operation`: an operation rejected inside it is reported as
/// `operation: inner-operation: message`, so an error deep inside a composite (a broadcast inside
/// an optimizer's update) names what the user called.
///
/// ```swift
/// withErrorContext("Adam.update, parameter hidden.bias") { moment + gradient }
/// // Adam.update, parameter hidden.bias: +: cannot broadcast float32[3] and float32[2]
/// ```
public func withErrorContext<Result>(_ operation: String, _ body: () throws -> Result) rethrows -> Result {
  let context = ThreadContext.current
  context.errorContexts.append(operation)
  defer { context.errorContexts.removeLast() }
  return try body()
}

/// Reports a rejected operation that has no tensor result (reading scalars, for example).
func rejectValue<Value>(_ error: OlympusError, returning fallback: Value) -> Value {
  _ = reject(error)
  return fallback
}

extension Tensor {
  /// The result of an operation rejected inside `withErrorChecking`: every operation on it gives
  /// another failed tensor. Libraries return it (or ``reject(_:)``'s result) where a rejected
  /// argument leaves nothing to compute.
  public static let failed = Tensor(shape: [], dtype: .float32, payload: .failed)

  /// Whether this tensor is the result of a rejected operation.
  public var isFailed: Bool {
    if case .failed = payload { return true }
    return false
  }
}
