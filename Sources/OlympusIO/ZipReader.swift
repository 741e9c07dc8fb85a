import OlympusCore

/// One member of a zip archive, found through the central directory and checked against its
/// local header.
struct ZipMember {
  let name: String
  let method: UInt16
  let crc: UInt32
  let compressedSize: Int
  let uncompressedSize: Int
  /// Where the compressed bytes are in the archive.
  let data: Range<Int>
  /// The member's whole record: local header, data and data descriptor.
  let record: Range<Int>
}

/// A strict reader of zip archives (stored and deflated members) for untrusted files: the
/// records must tile the file exactly — members back to back from byte 0, the central directory
/// right after them, its end record last — so that no two readers can see different contents.
struct ZipReader {
  let file: ByteSlice
  let context: FileContext

  private func fail(_ problem: String) -> OlympusError { context.error(problem) }

  private func u16(_ offset: Int) -> UInt16 { file.littleEndian(UInt16.self, at: offset) }
  private func u32(_ offset: Int) -> UInt32 { file.littleEndian(UInt32.self, at: offset) }
  private func u64(_ offset: Int) -> UInt64 { file.littleEndian(UInt64.self, at: offset) }

  /// The members, in central-directory order, with every record checked.
  func members() throws -> [ZipMember] {
    let (entryCount, directory) = try centralDirectory()
    guard entryCount <= directory.count / 46 else {
      throw fail("the central directory of \(directory.count) bytes cannot hold \(entryCount) members")
    }
    var members: [ZipMember] = []
    var names = Set<String>()
    var offset = directory.lowerBound
    for _ in 0..<entryCount {
      let member = try centralEntry(at: &offset, directoryStart: directory.lowerBound)
      guard names.insert(member.name).inserted else { throw fail("the member name '\(member.name)' appears twice") }
      members.append(member)
    }
    guard offset == directory.upperBound else {
      throw fail("\(directory.upperBound - offset) bytes of the central directory belong to no member")
    }
    var expected = 0
    for member in members.sorted(by: { $0.record.lowerBound < $1.record.lowerBound }) {
      guard member.record.lowerBound == expected else {
        throw fail(
          member.record.lowerBound < expected
            ? "member '\(member.name)' overlaps the member before it"
            : "bytes \(expected)..<\(member.record.lowerBound) before member '\(member.name)' belong to no member")
      }
      expected = member.record.upperBound
    }
    guard expected == directory.lowerBound else {
      throw fail("bytes \(expected)..<\(directory.lowerBound) before the central directory belong to no member")
    }
    return members
  }

  /// The member count and byte range of the central directory, from the end records.
  private func centralDirectory() throws -> (count: Int, range: Range<Int>) {
    guard file.count >= 22 else { throw fail("truncated: \(file.count) bytes cannot hold a zip end record") }
    // The end record is the one whose comment runs exactly to the end of the file.
    var end: Int?
    for candidate in stride(from: file.count - 22, through: max(0, file.count - 22 - 65_535), by: -1)
    where u32(candidate) == ZipFormat.endOfCentralDirectory && candidate + 22 + Int(u16(candidate + 20)) == file.count {
      end = candidate
      break
    }
    guard let end else {
      throw fail("no zip end record ends the file (not a zip archive, or bytes after the archive)")
    }
    guard u16(end + 4) == 0, u16(end + 6) == 0, u16(end + 8) == u16(end + 10) else {
      throw fail("multi-disk archives are not supported")
    }
    var count = Int(u16(end + 10))
    var size = Int(u32(end + 12))
    var start = Int(u32(end + 16))
    var directoryEnd = end
    if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
      let locator = end - 20
      guard locator >= 0, u32(locator) == ZipFormat.zip64Locator else { throw fail("zip64 end record locator missing") }
      let record64 = u64(locator + 8)
      guard record64 <= UInt64(locator), locator - Int(record64) >= 56, u32(Int(record64)) == ZipFormat.zip64EndOfCentralDirectory else {
        throw fail("zip64 end record offset \(record64) is invalid")
      }
      let record = Int(record64)
      guard UInt64(record) + 12 &+ u64(record + 4) == UInt64(locator) else {
        throw fail("bytes between the zip64 end record and its locator belong to nothing")
      }
      guard u32(record + 16) == 0, u32(record + 20) == 0, u64(record + 24) == u64(record + 32) else {
        throw fail("multi-disk archives are not supported")
      }
      let values = [u64(record + 32), u64(record + 40), u64(record + 48)]
      guard values.allSatisfy({ $0 <= UInt64(file.count) }) else { throw fail("zip64 end record values exceed the file size") }
      (count, size, start) = (Int(values[0]), Int(values[1]), Int(values[2]))
      directoryEnd = record
    }
    guard start <= directoryEnd, size == directoryEnd - start else {
      throw fail("the central directory (\(size) bytes at \(start)) does not end where its end record starts (\(directoryEnd))")
    }
    return (count, start..<directoryEnd)
  }

  /// Reads the central entry at `offset` (advancing it) and checks the member's local record.
  private func centralEntry(at offset: inout Int, directoryStart: Int) throws -> ZipMember {
    let entry = offset
    guard entry + 46 <= file.count, u32(entry) == ZipFormat.centralHeader else {
      throw fail("central directory entry at \(entry) is malformed")
    }
    let flags = u16(entry + 8)
    let method = u16(entry + 10)
    let crc = u32(entry + 16)
    let nameLength = Int(u16(entry + 28))
    let extraLength = Int(u16(entry + 30))
    let commentLength = Int(u16(entry + 32))
    let next = entry + 46 + nameLength + extraLength + commentLength
    guard next <= file.count else { throw fail("central directory entry at \(entry) runs past the end of the file") }
    offset = next
    let nameBytes = file.bytes((entry + 46)..<(entry + 46 + nameLength))
    guard let name = String(validating: nameBytes, as: UTF8.self) else {
      throw fail("a member name is not valid UTF-8")
    }
    if let problem = ZipFormat.unsafeNameProblem(name) { throw fail("refusing \(problem)") }
    guard flags & ZipFormat.encryptedFlag == 0 else { throw fail("member '\(name)' is encrypted") }
    guard method == ZipFormat.stored || method == ZipFormat.deflated else {
      throw fail("member '\(name)' uses compression method \(method); only stored (0) and deflate (8) are supported")
    }
    guard u16(entry + 34) == 0 else { throw fail("member '\(name)' is on another disk") }
    let sizes = try zip64Sizes(
      extra: (entry + 46 + nameLength)..<(entry + 46 + nameLength + extraLength),
      fields: [u32(entry + 24), u32(entry + 20), u32(entry + 42)], name: name)
    let (uncompressed, compressed, localOffset) = (sizes[0], sizes[1], sizes[2])

    // The local header must agree with the central entry.
    guard localOffset <= directoryStart - 30, u32(localOffset) == ZipFormat.localHeader else {
      throw fail("member '\(name)' has no local header at \(localOffset)")
    }
    let localNameLength = Int(u16(localOffset + 26))
    let localExtraLength = Int(u16(localOffset + 28))
    let dataStart = localOffset + 30 + localNameLength + localExtraLength
    guard dataStart <= directoryStart,
      file.bytes((localOffset + 30)..<(localOffset + 30 + localNameLength)).elementsEqual(nameBytes)
    else {
      throw fail("the local header of member '\(name)' names another member")
    }
    guard u16(localOffset + 6) == flags, u16(localOffset + 8) == method else {
      throw fail("the local header of member '\(name)' disagrees with the central directory")
    }
    guard compressed <= directoryStart - dataStart else {
      throw fail("member '\(name)' declares \(compressed) compressed bytes, past the end of the members")
    }
    let dataEnd = dataStart + compressed
    var recordEnd = dataEnd
    let usesZip64 = u32(entry + 20) == 0xFFFF_FFFF || u32(entry + 24) == 0xFFFF_FFFF
    if flags & ZipFormat.dataDescriptorFlag != 0 {
      // crc, compressed and uncompressed size after the data, optionally after a signature.
      var descriptor = dataEnd
      if descriptor + 4 <= directoryStart && u32(descriptor) == ZipFormat.dataDescriptor { descriptor += 4 }
      let width = usesZip64 ? 8 : 4
      guard descriptor + 4 + 2 * width <= directoryStart else { throw fail("member '\(name)' has a truncated data descriptor") }
      let values = width == 8
        ? [UInt64(u32(descriptor)), u64(descriptor + 4), u64(descriptor + 12)]
        : [UInt64(u32(descriptor)), UInt64(u32(descriptor + 4)), UInt64(u32(descriptor + 8))]
      guard values == [UInt64(crc), UInt64(compressed), UInt64(uncompressed)] else {
        throw fail("the data descriptor of member '\(name)' disagrees with the central directory")
      }
      recordEnd = descriptor + 4 + 2 * width
    } else {
      let local = try zip64Sizes(
        extra: (localOffset + 30 + localNameLength)..<dataStart, fields: [u32(localOffset + 22), u32(localOffset + 18)],
        name: name)
      guard u32(localOffset + 14) == crc, local[0] == uncompressed, local[1] == compressed else {
        throw fail("the local header of member '\(name)' disagrees with the central directory on its CRC or sizes")
      }
    }
    if method == ZipFormat.stored, compressed != uncompressed {
      throw fail("stored member '\(name)' declares \(compressed) stored and \(uncompressed) uncompressed bytes")
    }
    return ZipMember(
      name: name, method: method, crc: crc, compressedSize: compressed, uncompressedSize: uncompressed,
      data: dataStart..<dataEnd, record: localOffset..<recordEnd)
  }

  /// The 32-bit `fields` (uncompressed size, compressed size, then optionally the local header
  /// offset), with each one that is 0xFFFFFFFF replaced by the next value of the zip64 extra field
  /// in `extra`.
  private func zip64Sizes(extra: Range<Int>, fields: [UInt32], name: String) throws -> [Int] {
    var zip64: Range<Int>?
    var offset = extra.lowerBound
    while offset < extra.upperBound {
      guard offset + 4 <= extra.upperBound else { throw fail("member '\(name)' has a malformed extra field") }
      let size = Int(u16(offset + 2))
      guard offset + 4 + size <= extra.upperBound else { throw fail("member '\(name)' has a malformed extra field") }
      if u16(offset) == ZipFormat.zip64ExtraID {
        guard zip64 == nil else { throw fail("member '\(name)' has two zip64 extra fields") }
        zip64 = (offset + 4)..<(offset + 4 + size)
      }
      offset += 4 + size
    }
    var next = zip64?.lowerBound ?? 0
    return try fields.map { field -> Int in
      guard field == 0xFFFF_FFFF else { return Int(field) }
      guard let zip64, next + 8 <= zip64.upperBound else { throw fail("member '\(name)' lacks its zip64 sizes") }
      let value = u64(next)
      next += 8
      guard value <= UInt64(Int.max) else { throw fail("member '\(name)' declares a size of \(value) bytes") }
      return Int(value)
    }
  }

  /// The uncompressed bytes of `member`, their size and CRC checked: the archive's own bytes for
  /// a stored member, a new buffer for a deflated one.
  func contents(_ member: ZipMember) throws -> ByteSlice {
    let compressed = file.slice(member.data)
    let result: ByteSlice
    if member.method == ZipFormat.stored {
      result = compressed
    } else {
      let (limit, overflow) = member.compressedSize.multipliedReportingOverflow(by: ZipFormat.maximumDeflateRatio)
      guard overflow || member.uncompressedSize <= limit + 64 else {
        throw fail(
          "member '\(member.name)' declares \(member.uncompressedSize) bytes from \(member.compressedSize) compressed, more than deflate can produce")
      }
      guard let zlib = Zlib.loaded else {
        throw fail("member '\(member.name)' is deflate-compressed and zlib (\(Zlib.candidates.joined(separator: ", "))) could not be loaded")
      }
      let buffer = ByteBuffer.allocate(member.uncompressedSize)
      do {
        try zlib.inflate(
          compressed.bytes(0..<compressed.count),
          into: UnsafeMutableRawBufferPointer(start: buffer.mutableBase, count: member.uncompressedSize))
      } catch {
        switch error {
        case .corrupt(let reason): throw fail("member '\(member.name)' is not valid deflate data: \(reason)")
        case .longer: throw fail("member '\(member.name)' inflates past its declared size of \(member.uncompressedSize) bytes")
        case .shorter(let count):
          throw fail("member '\(member.name)' inflates to \(count) bytes, fewer than its declared \(member.uncompressedSize)")
        case .trailingInput(let count): throw fail("member '\(member.name)' has \(count) bytes after its deflate stream")
        }
      }
      result = ByteSlice(buffer)
    }
    let crc = CRC32.checksum(result.bytes(0..<result.count))
    guard crc == member.crc else {
      throw fail("member '\(member.name)' has CRC-32 \(hex(crc)), its header says \(hex(member.crc))")
    }
    return result
  }
}

/// `value` as eight hexadecimal digits.
func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
