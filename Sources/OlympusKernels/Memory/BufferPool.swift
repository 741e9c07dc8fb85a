#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A caching allocator for large buffers.
///
/// The C allocator serves big blocks with fresh pages from the kernel, so a new 40 MB result pays
/// about 30 ms of page faults on this class of machine. The pool keeps released blocks in size
/// classes (four per power of two, so at most 25 % is wasted) and hands them out again; which
/// block serves a request and which cached blocks go back to the system is `PoolCache`'s policy
/// (the footprint stays within a fifth of the most ever in use). Cached bytes are also capped by
/// `OLYMPUS_POOL_LIMIT_MB` (default 2048); beyond it blocks are freed.
public enum BufferPool {
  /// Blocks smaller than this are not pooled: the C allocator recycles them cheaply itself.
  public static let minimumPooledByteCount = 1 << 17

  /// Alignment of every pooled block, a cache line.
  public static let alignment = 64

  private static let cache = Locked(PoolCache(limitBytes: limitBytes))

  private static let limitBytes: Int = {
    if let text = getenv("OLYMPUS_POOL_LIMIT_MB"), let megabytes = Int(String(cString: text)), megabytes >= 0 {
      return megabytes << 20
    }
    return 2048 << 20
  }()

  /// The block size actually allocated for a request of `byteCount` bytes.
  public static func sizeClass(for byteCount: Int) -> Int {
    let request = Swift.max(byteCount, minimumPooledByteCount)
    let quarter = 1 << (Int.bitWidth - request.leadingZeroBitCount - 3)
    return (request + quarter - 1) / quarter * quarter
  }

  /// Returns a 64-byte-aligned block of at least `byteCount` bytes, reusing a released one of the
  /// same size class, or of a class up to twice as large, when there is one.
  public static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
    let size = sizeClass(for: byteCount)
    let (reused, evicted) = cache.withLock { $0.take(size) }
    for block in evicted { block.deallocate() }
    return reused ?? UnsafeMutableRawPointer.allocate(byteCount: size, alignment: alignment)
  }

  /// Gives back a block obtained from `allocate(byteCount:)` with the same `byteCount`.
  public static func release(_ block: UnsafeMutableRawPointer, byteCount: Int) {
    let size = sizeClass(for: byteCount)
    let kept = cache.withLock { $0.give(block, size: size) }
    if !kept { block.deallocate() }
  }

  /// Bytes currently held for reuse.
  public static var cachedByteCount: Int { cache.withLock { $0.cachedBytes } }

  /// Bytes of the blocks handed out now (whole blocks, so at least the bytes requested).
  public static var inUseByteCount: Int { cache.withLock { $0.inUseBytes } }

  /// Frees every cached block.
  public static func trim() {
    let blocks = cache.withLock { $0.removeAll() }
    for block in blocks { block.deallocate() }
  }
}
