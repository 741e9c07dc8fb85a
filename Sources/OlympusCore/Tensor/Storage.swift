import OlympusKernels
import Synchronization

/// Where a storage's bytes live.

struct StorageHeader {
  /// First byte of the elements.
  var base: UnsafeMutableRawPointer
  /// Bytes requested.
  var byteCount: Int
  /// Whether `base` came from `BufferPool` (large) rather than the object's own tail (small).
  var isPooled: Bool
  /// Keeps memory Olympus did not allocate alive (a file mapping), when `base` points into it.
  var owner: AnyObject? = nil
}

/// The bytes behind one or more concrete tensors.
///
/// A small buffer lives in the object's own allocation (one `malloc` per small tensor); a large one
/// comes from `BufferPool`, which recycles pages. Contents are written once, by the kernel that
/// creates them, and never change afterwards, so tensors share storage freely (views).

final class Storage: ManagedBuffer<StorageHeader, SIMD2<Double>> {
  /// Storages alive right now; tests use it to check that buffers are freed.
  static let liveCount = Atomic<Int>(0)

  /// Makes storage for `byteCount` bytes, uninitialized.
  static func allocate(byteCount: Int) -> Storage {
    let storage: Storage
    if byteCount >= BufferPool.minimumPooledByteCount {
      let block = BufferPool.allocate(byteCount: byteCount)
      storage = unsafeDowncast(
        Storage.create(minimumCapacity: 0) { _ in
          StorageHeader(base: block, byteCount: byteCount, isPooled: true)
        }, to: Storage.self)
    } else {
      let slots = (byteCount + 15) / 16
      storage = unsafeDowncast(
        Storage.create(minimumCapacity: slots) { buffer in
          StorageHeader(
            base: buffer.withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0) },
            byteCount: byteCount, isPooled: false)
        }, to: Storage.self)
    }
    liveCount.add(1, ordering: .relaxed)
    return storage
  }

  /// Storage over `byteCount` writable bytes at `base`, which `owner` keeps alive.
  static func wrapping(_ base: UnsafeMutableRawPointer, byteCount: Int, owner: AnyObject) -> Storage {
    let storage = unsafeDowncast(
      Storage.create(minimumCapacity: 0) { _ in
        StorageHeader(base: base, byteCount: byteCount, isPooled: false, owner: owner)
      }, to: Storage.self)
    liveCount.add(1, ordering: .relaxed)
    return storage
  }

  /// First byte of the elements (read through the header pointer, which skips the dynamic
  /// exclusivity check of `header`).
  var base: UnsafeMutableRawPointer { withUnsafeMutablePointerToHeader { $0.pointee.base } }

  deinit {
    let header = withUnsafeMutablePointerToHeader { $0.pointee }
    if header.isPooled { BufferPool.release(header.base, byteCount: header.byteCount) }
    Storage.liveCount.subtract(1, ordering: .relaxed)
  }
}
