#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The message a failing rank sends every other rank before it ends the job: point-to-point, on a
/// tag of its own, so that it never mixes with collectives; the others look for it while they
/// wait (`World.wait`).
enum FailureNotice {
  /// The tag of failure notices.
  static let tag: Int32 = 0x4F4C

  /// Sends `text` to every rank but `rank`; returns the requests (the buffer is never freed: the
  /// job ends right after).
  static func send(_ text: String, from rank: Int, size: Int, _ library: MPILibrary) -> [PendingRequest] {
    let bytes = Array(text.utf8)
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
    buffer.initialize(from: bytes, count: bytes.count)
    return (0..<size).filter { $0 != rank }.map { peer in
      let request = PendingRequest(keeping: [])
      _ = library.isend(buffer, Int32(bytes.count), library.byte, Int32(peer), tag, library.world, &request.handle)
      return request
    }
  }

  /// A notice some rank sent, if one has arrived.
  static func receive(_ library: MPILibrary) -> String? {
    var flag: Int32 = 0
    let status = UnsafeMutableRawPointer.allocate(byteCount: MPILibrary.statusByteCount, alignment: 8)
    defer { status.deallocate() }
    _ = library.iprobe(MPILibrary.anySource, tag, library.world, &flag, status)
    guard flag != 0 else { return nil }
    // MPI_SOURCE is the status's first field.
    let source = status.load(as: Int32.self)
    var count: Int32 = 0
    _ = library.getCount(status, library.byte, &count)
    var bytes = [UInt8](repeating: 0, count: Int(max(count, 1)))
    _ = library.recv(&bytes, count, library.byte, source, tag, library.world, nil)
    return String(decoding: bytes.prefix(Int(count)), as: UTF8.self)
  }

  /// Writes `line` to standard error at once (unbuffered).
  static func print(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
  }

  /// Seconds on a monotonic clock.
  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
}
