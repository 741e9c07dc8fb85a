#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A caching allocator for large buffers.
///
/// The C allocator serves big blocks with fresh pages from the kernel, so a new 40 MB result pays
/// about 30 ms of page faults on this class of machine. The pool keeps released blocks in size
/// classes (four per power of two, so at most 25 % is wasted) and hands them out again.
/// Cached bytes are capped by `OLYMPUS_POOL_LIMIT_MB` (default 2048); beyond it blocks are freed.
public enum BufferPool {
  /// Blocks smaller than this are not pooled: the C allocator recycles them cheaply itself.
  public static let minimumPooledByteCount = 1 << 17

  /// Alignment of every pooled block, a cache line.
  public static let alignment = 64

  /// A cached block; only the pool touches it until it is handed out again.
  private struct Block: @unchecked Sendable {
    let address: UnsafeMutableRawPointer
  }

  private struct State {
    var free: [Int: [Block]] = [:]
    var cachedBytes = 0
  }

  private static let state = Locked(State())

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
  /// same size class when there is one.
  public static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
    let size = sizeClass(for: byteCount)
    let reused = state.withLock { state -> Block? in
      guard let block = state.free[size]?.popLast() else { return nil }
      state.cachedBytes -= size
      return block
    }
    return reused?.address ?? UnsafeMutableRawPointer.allocate(byteCount: size, alignment: alignment)
  }

  /// Gives back a block obtained from `allocate(byteCount:)` with the same `byteCount`.
  public static func release(_ block: UnsafeMutableRawPointer, byteCount: Int) {
    let size = sizeClass(for: byteCount)
    let kept = state.withLock { state -> Bool in
      guard state.cachedBytes + size <= limitBytes else { return false }
      state.free[size, default: []].append(Block(address: block))
      state.cachedBytes += size
      return true
    }
    if !kept { block.deallocate() }
  }

  /// Bytes currently held for reuse.
  public static var cachedByteCount: Int { state.withLock { $0.cachedBytes } }

  /// Frees every cached block.
  public static func trim() {
    let blocks = state.withLock { state -> [Block] in
      let all = state.free.values.flatMap { $0 }
      state.free.removeAll()
      state.cachedBytes = 0
      return all
    }
    for block in blocks { block.address.deallocate() }
  }
}
