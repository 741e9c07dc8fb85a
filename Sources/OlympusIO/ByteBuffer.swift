import Foundation
import OlympusCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Read-only bytes that tensors may view: a memory-mapped file, or a buffer OlympusIO allocated.
///
/// Tensors made over a buffer keep it alive (``Tensor/init(unsafeElementsAt:shape:dtype:owner:)``),
/// so a mapping is unmapped when the last tensor viewing it goes away.
final class ByteBuffer: @unchecked Sendable {
  /// The first byte (never `nil`, also when `count` is 0).
  let base: UnsafeRawPointer
  /// Number of bytes.
  let count: Int
  private let release: Release

  private enum Release {
    case unmap
    case free
  }

  private init(base: UnsafeRawPointer, count: Int, release: Release) {
    self.base = base
    self.count = count
    self.release = release
  }

  /// `count` zero-initialized bytes the caller fills through `mutableBase` before sharing them.
  static func allocate(_ count: Int) -> ByteBuffer {
    // 64-byte alignment serves every element type and SIMD loads; one byte for an empty buffer.
    let base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    return ByteBuffer(base: UnsafeRawPointer(base), count: count, release: .free)
  }

  /// A copy of `data`.
  static func copying(_ data: Data) -> ByteBuffer {
    let buffer = allocate(data.count)
    data.withUnsafeBytes { bytes in
      if let source = bytes.baseAddress { buffer.mutableBase.copyMemory(from: source, byteCount: bytes.count) }
    }
    return buffer
  }

  /// The file at `url`, memory-mapped (nothing is read until a byte is touched).
  ///
  /// The mapping is private and copy-on-write: the file is never written, but a compiled graph
  /// that reuses the storage of a dying input (donation) may write into a tensor's pages, which
  /// then become private copies.
  static func mapping(_ url: URL, _ context: FileContext) throws -> ByteBuffer {
    guard url.isFileURL else { throw context.error("not a file URL") }
    let descriptor = open(url.path, O_RDONLY)
    guard descriptor >= 0 else { throw context.error("cannot open: \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw context.error("cannot stat: \(String(cString: strerror(errno)))") }
    guard (status.st_mode & S_IFMT) == S_IFREG else { throw context.error("not a regular file") }
    let count = Int(status.st_size)
    if count == 0 { return allocate(0) }
    guard let mapped = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
      throw context.error("cannot memory-map \(count) bytes: \(String(cString: strerror(errno)))")
    }
    return ByteBuffer(base: UnsafeRawPointer(mapped), count: count, release: .unmap)
  }

  /// The bytes as a buffer pointer.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// The bytes for writing: while an allocated buffer is filled, and by tensors that view the
  /// buffer (a compiled graph may reuse a donated tensor's storage; mappings are copy-on-write).
  var mutableBase: UnsafeMutableRawPointer { UnsafeMutableRawPointer(mutating: base) }

  deinit {
    switch release {
    case .unmap: munmap(UnsafeMutableRawPointer(mutating: base), count)
    case .free: UnsafeMutableRawPointer(mutating: base).deallocate()
    }
  }
}

/// A window of a `ByteBuffer`: the bytes a parser looks at, with the buffer that keeps them alive.
struct ByteSlice {
  /// Keeps the bytes alive; tensors viewing them hold it.
  let owner: ByteBuffer
  /// Offset of the first byte in `owner`.
  let start: Int
  /// Number of bytes.
  let count: Int

  /// The whole buffer.
  init(_ owner: ByteBuffer) {
    self.init(owner: owner, start: 0, count: owner.count)
  }

  init(owner: ByteBuffer, start: Int, count: Int) {
    self.owner = owner
    self.start = start
    self.count = count
  }

  /// The address of byte `offset`.
  func address(_ offset: Int) -> UnsafeRawPointer { owner.base + start + offset }

  /// The address of byte `offset`, for a tensor viewing the bytes (see `ByteBuffer.mutableBase`).
  func mutableAddress(_ offset: Int) -> UnsafeMutableRawPointer { owner.mutableBase + start + offset }

  /// Byte `offset`.
  subscript(offset: Int) -> UInt8 { address(offset).load(as: UInt8.self) }

  /// Bytes `range` as a buffer pointer.
  func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: address(range.lowerBound), count: range.count)
  }

  /// The sub-slice `range`.
  func slice(_ range: Range<Int>) -> ByteSlice {
    ByteSlice(owner: owner, start: start + range.lowerBound, count: range.count)
  }

  /// The little-endian unsigned integer of `T`'s width at `offset`.
  func littleEndian<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type, at offset: Int) -> T {
    T(littleEndian: address(offset).loadUnaligned(as: T.self))
  }

  /// Whether the bytes at `offset` are `prefix`.
  func hasPrefix(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
    offset >= 0 && offset + prefix.count <= count && prefix.indices.allSatisfy { self[offset + $0] == prefix[$0] }
  }
}
