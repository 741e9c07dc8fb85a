#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A value that every thread reads and changes under one pthread mutex, both in a single
/// allocation (the value as the header, the mutex in the tail, where its address never moves).
/// Copies share the value and the lock.
///
/// Olympus locks with pthread mutexes rather than the standard library's `Mutex`: ThreadSanitizer
/// sees pthread locking, while `Mutex` on Linux locks inside the uninstrumented runtime, so every
/// access it guards would look like a data race to the sanitizer the concurrency tests run under.
public struct Locked<Value>: @unchecked Sendable {
  // Sendable because the value is touched only inside `withLock`, which holds the mutex.
  private let buffer: LockedBuffer<Value>

  /// `value`, guarded from now on.
  public init(_ value: Value) {
    buffer = unsafeDowncast(LockedBuffer<Value>.create(minimumCapacity: 1) { _ in value }, to: LockedBuffer<Value>.self)
    buffer.withUnsafeMutablePointerToElements { mutex in
      mutex.initialize(to: pthread_mutex_t())
      pthread_mutex_init(mutex, nil)
    }
  }

  /// Runs `body` on the value, holding the lock.
  public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
    try buffer.withUnsafeMutablePointers { value, mutex in
      pthread_mutex_lock(mutex)
      defer { pthread_mutex_unlock(mutex) }
      return try body(&value.pointee)
    }
  }
}

/// The storage of a ``Locked`` value: the value and its mutex.
final class LockedBuffer<Value>: ManagedBuffer<Value, pthread_mutex_t> {
  deinit {
    _ = withUnsafeMutablePointerToElements { pthread_mutex_destroy($0) }
  }
}
