import COlympusZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The system's zlib, found at run time with `dlopen` (nothing links against it at build time):
/// raw deflate streams for the members of zip archives.
struct Zlib: @unchecked Sendable {
  private typealias Stream = UnsafeMutablePointer<olympus_z_stream>
  private typealias InflateInit = @convention(c) (Stream?, Int32, UnsafePointer<CChar>?, Int32) -> Int32
  private typealias DeflateInit =
    @convention(c) (Stream?, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>?, Int32) -> Int32
  private typealias Step = @convention(c) (Stream?, Int32) -> Int32
  private typealias End = @convention(c) (Stream?) -> Int32
  private typealias Bound = @convention(c) (Stream?, UInt) -> UInt
  private typealias Version = @convention(c) () -> UnsafePointer<CChar>?

  private let inflateInit: InflateInit
  private let inflateStep: Step
  private let inflateEnd: End
  private let deflateInit: DeflateInit
  private let deflateStep: Step
  private let deflateEnd: End
  private let deflateBound: Bound
  private let version: UnsafePointer<CChar>?

  // zlib's constants (zlib.h).
  private static let ok: Int32 = 0
  private static let streamEnd: Int32 = 1
  private static let finish: Int32 = 4
  private static let noFlush: Int32 = 0
  /// Negative window bits: a raw deflate stream, as zip stores it (no zlib header or checksum).
  private static let rawWindowBits: Int32 = -15

  /// The first zlib that loads, or `nil` when the system has none.
  static let loaded: Zlib? = candidates.lazy.compactMap(load).first

  /// Libraries tried in order.
  static let candidates: [String] = {
    #if canImport(Darwin)
      ["/usr/lib/libz.1.dylib", "libz.dylib"]
    #else
      ["libz.so.1", "libz.so"]
    #endif
  }()

  private static func load(_ path: String) -> Zlib? {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { return nil }
    let names = ["inflateInit2_", "inflate", "inflateEnd", "deflateInit2_", "deflate", "deflateEnd", "deflateBound", "zlibVersion"]
    let symbols = names.compactMap { dlsym(handle, $0) }
    guard symbols.count == names.count else {
      dlclose(handle)
      return nil
    }
    return Zlib(
      inflateInit: unsafeBitCast(symbols[0], to: InflateInit.self),
      inflateStep: unsafeBitCast(symbols[1], to: Step.self),
      inflateEnd: unsafeBitCast(symbols[2], to: End.self),
      deflateInit: unsafeBitCast(symbols[3], to: DeflateInit.self),
      deflateStep: unsafeBitCast(symbols[4], to: Step.self),
      deflateEnd: unsafeBitCast(symbols[5], to: End.self),
      deflateBound: unsafeBitCast(symbols[6], to: Bound.self),
      version: unsafeBitCast(symbols[7], to: Version.self)())
  }

  /// What inflating a member gave.
  enum InflateFailure: Error {
    /// The stream is not valid deflate data (zlib's message).
    case corrupt(String)
    /// The stream produces more bytes than the output holds.
    case longer
    /// The stream ends after this many bytes, fewer than the output holds.
    case shorter(Int)
    /// The stream ends before the last of the input bytes.
    case trailingInput(Int)
  }

  /// Inflates the raw deflate stream `input` into `output`, which it must fill exactly: a stream
  /// that would write past the end is stopped there (so a zip bomb cannot allocate).
  func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(InflateFailure) {
    var stream = olympus_z_stream()
    guard inflateInit(&stream, Self.rawWindowBits, version, olympus_z_stream_size()) == Self.ok else {
      throw .corrupt("inflateInit2 failed")
    }
    defer { _ = inflateEnd(&stream) }
    var inputUsed = 0
    var outputUsed = 0
    let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    defer { scratch.deallocate() }
    while true {
      let inputChunk = min(input.count - inputUsed, Int(UInt32.max))
      let outputChunk = min(output.count - outputUsed, Int(UInt32.max))
      stream.next_in = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + inputUsed }
      stream.avail_in = UInt32(inputChunk)
      // With the output full, one byte of scratch space shows whether the stream has more.
      let full = outputChunk == 0
      stream.next_out = full ? scratch : output.baseAddress!.assumingMemoryBound(to: UInt8.self) + outputUsed
      stream.avail_out = full ? 1 : UInt32(outputChunk)
      let status = inflateStep(&stream, Self.noFlush)
      inputUsed += inputChunk - Int(stream.avail_in)
      let produced = (full ? 1 : outputChunk) - Int(stream.avail_out)
      if full && produced > 0 { throw .longer }
      if !full { outputUsed += produced }
      if status == Self.streamEnd { break }
      guard status == Self.ok else {
        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw .corrupt(inputUsed == input.count && status == -5 ? "the stream ends early" : message)
      }
      if produced == 0 && inputUsed == input.count { throw .corrupt("the stream ends early") }
    }
    guard outputUsed == output.count else { throw .shorter(outputUsed) }
    guard inputUsed == input.count else { throw .trailingInput(input.count - inputUsed) }
  }

  /// `input` compressed as a raw deflate stream at zlib's default level.
  func deflate(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
    var stream = olympus_z_stream()
    guard deflateInit(&stream, 6, 8, Self.rawWindowBits, 8, 0, version, olympus_z_stream_size()) == Self.ok else {
      return nil
    }
    defer { _ = deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
    var inputUsed = 0
    var outputUsed = 0
    let succeeded = output.withUnsafeMutableBytes { buffer -> Bool in
      while true {
        let inputChunk = min(input.count - inputUsed, Int(UInt32.max))
        let outputChunk = min(buffer.count - outputUsed, Int(UInt32.max))
        stream.next_in = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + inputUsed }
        stream.avail_in = UInt32(inputChunk)
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + outputUsed
        stream.avail_out = UInt32(outputChunk)
        let last = inputUsed + inputChunk == input.count
        let status = deflateStep(&stream, last ? Self.finish : Self.noFlush)
        inputUsed += inputChunk - Int(stream.avail_in)
        outputUsed += outputChunk - Int(stream.avail_out)
        if status == Self.streamEnd { return true }
        guard status == Self.ok else { return false }
      }
    }
    guard succeeded else { return nil }
    output.removeLast(output.count - outputUsed)
    return output
  }
}
