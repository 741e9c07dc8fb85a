import OlympusKernels

/// Counts of Olympus's memory in use, for tests and diagnostics.
public enum MemoryStatistics {
  /// Tensor buffers alive now (each concrete tensor's storage; views share one).
  public static var liveBufferCount: Int { Storage.liveCount.load(ordering: .relaxed) }

  /// Bytes of the large buffers alive now (tensor buffers of at least 128 KiB and the scratch of
  /// compiled graphs, which come from Olympus's buffer pool), counted in whole pool blocks.
  public static var largeBufferByteCount: Int { BufferPool.inUseByteCount }

  /// Bytes of released large buffers the pool keeps for reuse.
  public static var cachedByteCount: Int { BufferPool.cachedByteCount }
}
