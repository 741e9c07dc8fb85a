#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Per-thread state of Olympus: the interpreters of the transformations running on this thread and
/// the error-checking scopes. Thread-local (a `pthread` key) rather than global, so concurrent
/// programs never share or lock it; reading it costs a few nanoseconds per operation.
final class ThreadContext {
  /// Depth of nested `withErrorChecking` scopes.
  var checkedScopeDepth = 0
  /// The first error rejected inside the innermost checked scope.
  var recordedError: OlympusError?
  /// Descriptions of the operations in progress (``withErrorContext(_:_:)``), outermost first;
  /// a rejection inside them is reported as part of them.
  var errorContexts: [String] = []
  /// Interpreters of the active transformations, outermost first; empty when evaluating eagerly.
  var interpreters: [any Interpreter] = []
  /// Whether the eager tape records operations on tensors that require gradients.
  var isGradEnabled = true
  /// Whether backward passes check every gradient for NaN and infinity.
  var isAnomalyDetectionEnabled = false

  /// This thread's context, created on first use and released when the thread exits.
  static var current: ThreadContext {
    if let raw = pthread_getspecific(threadContextKey) {
      return Unmanaged<ThreadContext>.fromOpaque(raw).takeUnretainedValue()
    }
    let context = ThreadContext()
    pthread_setspecific(threadContextKey, Unmanaged.passRetained(context).toOpaque())
    return context
  }
}

private let threadContextKey: pthread_key_t = {
  var key = pthread_key_t()
  #if canImport(Darwin)
    let status = pthread_key_create(&key) { Unmanaged<ThreadContext>.fromOpaque($0).release() }
  #else
    let status = pthread_key_create(&key) { raw in
      if let raw { Unmanaged<ThreadContext>.fromOpaque(raw).release() }
    }
  #endif
  if status != 0 { fatalError("Olympus: cannot create its thread-local context key") }
  return key
}()
