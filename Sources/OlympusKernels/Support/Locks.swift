#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A pthread mutex in an allocation of its own, so its address never moves.
///
/// Olympus locks with pthread mutexes rather than the standard library's `Mutex`: ThreadSanitizer
/// sees pthread locking, while `Mutex` on Linux locks inside the uninstrumented runtime, so every
/// access it guards would look like a data race to the sanitizer the concurrency tests run under.
public struct MutexLock: ~Copyable, @unchecked Sendable {
  // Sendable because the pointer is only ever passed to pthread's thread-safe lock functions.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  /// An unlocked mutex.
  public init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` holding the lock.
  @inlinable
  public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
    lock()
    defer { unlock() }
    return try body()
  }

  @usableFromInline func lock() { pthread_mutex_lock(mutex) }
  @usableFromInline func unlock() { pthread_mutex_unlock(mutex) }
}

/// A value that every thread reads and changes under one ``MutexLock``.
public final class Locked<Value>: @unchecked Sendable {
  // Sendable because `value` is touched only inside `withLock`, which holds the mutex.
  private let mutex = MutexLock()
  private var value: Value

  /// `value`, guarded from now on.
  public init(_ value: Value) { self.value = value }

  /// Runs `body` on the value, holding the lock.
  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    try mutex.withLock { try body(&value) }
  }
}
