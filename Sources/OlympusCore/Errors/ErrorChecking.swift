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
  guard context.checkedScopeDepth > 0 else { fatalError("Olympus: \(error)") }
  if context.recordedError == nil { context.recordedError = error }
  return Tensor.failed
}

/// Reports a rejected operation that has no tensor result (reading scalars, for example).
func rejectValue<Value>(_ error: OlympusError, returning fallback: Value) -> Value {
  _ = reject(error)
  return fallback
}

extension Tensor {
  /// The result of an operation rejected inside `withErrorChecking`.
  static let failed = Tensor(shape: [], dtype: .float32, payload: .failed)

  /// Whether this tensor is the result of a rejected operation.
  public var isFailed: Bool {
    if case .failed = payload { return true }
    return false
  }
}
