import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a writer puts bytes: a file, or memory (an archive member before it is compressed).
protocol ByteSink {
  /// Appends `bytes`.
  mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
  /// Appends `bytes`.
  mutating func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }
}

/// Bytes collected in memory.
struct MemorySink: ByteSink {
  var bytes: [UInt8] = []

  mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
    self.bytes.append(contentsOf: bytes)
  }
}

/// A file being written with POSIX calls, created or truncated when opened; `close()` reports the
/// errors that `write` can defer.
struct FileSink: ByteSink {
  private let descriptor: Int32
  private let context: FileContext

  /// Opens `url` for writing.
  init(_ url: URL, _ context: FileContext) throws {
    guard url.isFileURL else { throw context.error("not a file URL") }
    self.context = context
    descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw context.error("cannot create: \(String(cString: strerror(errno)))") }
  }

  mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
    var offset = 0
    while offset < bytes.count {
      #if canImport(Glibc)
        let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      #else
        let written = Darwin.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      #endif
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw context.error("cannot write: \(String(cString: strerror(errno)))") }
      offset += written
    }
  }

  /// Closes the file.
  func close() throws {
    #if canImport(Glibc)
      let status = Glibc.close(descriptor)
    #else
      let status = Darwin.close(descriptor)
    #endif
    guard status == 0 else { throw context.error("cannot close: \(String(cString: strerror(errno)))") }
  }

  /// Runs `body` on a sink for `url` and closes it; on an error the partial file is removed.
  static func writing(_ url: URL, _ context: FileContext, _ body: (inout FileSink) throws -> Void) throws {
    var sink = try FileSink(url, context)
    do {
      try body(&sink)
      try sink.close()
    } catch {
      try? sink.close()
      unlink(url.path)
      throw error
    }
  }
}
