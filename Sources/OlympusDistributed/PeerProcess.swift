import OlympusCore
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where one rank runs: its host's name and its process id, so that ranks on the same host can
/// notice that one of them died (killed, crashed) while they wait for it.
struct PeerProcess: Sendable {
  /// The host name, as `gethostname` gives it.
  let host: String
  /// The process id on that host.
  let processID: Int32
  /// Whether the process runs on this rank's host.
  let isOnThisHost: Bool

  /// Bytes each rank contributes to the exchange: the host name, then the process id.
  private static let hostByteCount = 256
  private static let recordByteCount = hostByteCount + 8

  /// Every rank's host and process, exchanged once (an all-gather of one record per rank).
  static func exchange(in world: World) -> [PeerProcess] {
    let (mine, mineBase) = Tensor.unsafeUninitialized(shape: [recordByteCount], dtype: .bool)
    let record = mineBase.bindMemory(to: UInt8.self, capacity: recordByteCount)
    record.initialize(repeating: 0, count: recordByteCount)
    _ = gethostname(UnsafeMutableRawPointer(record).assumingMemoryBound(to: CChar.self), hostByteCount - 1)
    UnsafeMutableRawPointer(record + hostByteCount).storeBytes(of: Int64(getpid()), as: Int64.self)
    let (all, allBase) = Tensor.unsafeUninitialized(shape: [world.size * recordByteCount], dtype: .bool)
    let request = world.start("Distributed.initialize", keeping: [mine, all]) { library, request in
      library.iallgather(mineBase, Int32(recordByteCount), library.byte, allBase, Int32(recordByteCount), library.byte, library.world, request)
    }
    world.wait(request, "Distributed.initialize")
    let hosts = (0..<world.size).map { index -> (String, Int32) in
      let start = allBase + index * recordByteCount
      let host = String(cString: start.assumingMemoryBound(to: CChar.self))
      return (host, Int32((start + hostByteCount).loadUnaligned(as: Int64.self)))
    }
    let here = hosts[world.rank].0
    return hosts.map { PeerProcess(host: $0.0, processID: $0.1, isOnThisHost: $0.0 == here) }
  }

  /// Whether the process still runs (a zombie that its launcher has not reaped yet counts as gone).
  var isAlive: Bool {
    #if os(Linux)
      guard let file = fopen("/proc/\(processID)/stat", "r") else { return false }
      defer { fclose(file) }
      var buffer = [CChar](repeating: 0, count: 512)
      guard fgets(&buffer, Int32(buffer.count), file) != nil else { return false }
      let line = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
      // The state follows the parenthesized command name: "pid (name) S …".
      guard let close = line.lastIndex(of: ")") else { return true }
      let state = line[line.index(after: close)...].drop(while: { $0 == " " }).first
      return state != "Z" && state != "X"
    #else
      return kill(processID, 0) == 0 || errno == EPERM
    #endif
  }
}
