/// Counts of Olympus's memory in use, for tests and diagnostics.
public enum MemoryStatistics {
  /// Tensor buffers alive now (each concrete tensor's storage; views share one).
  public static var liveBufferCount: Int { Storage.liveCount.load(ordering: .relaxed) }
}
