import OlympusCore

/// Writes a zip archive of stored or deflated members, with fixed timestamps (1980-01-01) so the
/// same contents give the same bytes.
struct ZipWriter<Sink: ByteSink> {
  private var sink: Sink
  private let compressed: Bool
  private let context: FileContext
  private var directory: [UInt8] = []
  private var offset = 0
  private var count = 0
  /// DOS date of 1980-01-01 and time 00:00.
  private static var dosDate: UInt16 { 0x21 }

  init(_ sink: Sink, compressed: Bool, _ context: FileContext) {
    self.sink = sink
    self.compressed = compressed
    self.context = context
  }

  /// Appends a member `name` holding `contents`.
  mutating func add(_ name: String, _ contents: [UInt8]) throws {
    if let problem = ZipFormat.unsafeNameProblem(name) { throw context.error("refusing \(problem)") }
    let crc = contents.withUnsafeBytes { CRC32.checksum($0) }
    var method = ZipFormat.stored
    var data = contents
    if compressed {
      guard let zlib = Zlib.loaded else {
        throw context.error("compressing needs zlib (\(Zlib.candidates.joined(separator: ", "))), which could not be loaded")
      }
      guard let deflated = contents.withUnsafeBytes({ zlib.deflate($0) }) else { throw context.error("zlib failed to compress '\(name)'") }
      method = ZipFormat.deflated
      data = deflated
    }
    let nameBytes = Array(name.utf8)
    guard contents.count < 0xFFFF_FFFF, offset < 0xFFFF_FFFF, count < 0xFFFF, nameBytes.count <= 0xFFFF else {
      throw context.error("archives with members or offsets of 4 GiB or more, or 65 535 members, are not supported")
    }
    let flags = name.allSatisfy(\.isASCII) ? 0 : ZipFormat.utf8Flag
    var local = Fields()
    local.u32(ZipFormat.localHeader)
    local.u16(20)  // version needed: 2.0 (deflate)
    local.u16(flags)
    local.u16(method)
    local.u16(0)
    local.u16(Self.dosDate)
    local.u32(crc)
    local.u32(UInt32(data.count))
    local.u32(UInt32(contents.count))
    local.u16(UInt16(nameBytes.count))
    local.u16(0)
    try sink.write(local.bytes + nameBytes)
    try sink.write(data)

    var central = Fields()
    central.u32(ZipFormat.centralHeader)
    central.u16(20)  // made by: MS-DOS, version 2.0
    central.u16(20)
    central.u16(flags)
    central.u16(method)
    central.u16(0)
    central.u16(Self.dosDate)
    central.u32(crc)
    central.u32(UInt32(data.count))
    central.u32(UInt32(contents.count))
    central.u16(UInt16(nameBytes.count))
    central.u16(0)  // extra
    central.u16(0)  // comment
    central.u16(0)  // disk
    central.u16(0)  // internal attributes
    central.u32(0o100644 << 16)  // external attributes: a regular file, rw-r--r--
    central.u32(UInt32(offset))
    directory += central.bytes + nameBytes
    offset += local.bytes.count + nameBytes.count + data.count
    count += 1
  }

  /// Writes the central directory and end record.
  mutating func finish() throws {
    guard offset < 0xFFFF_FFFF, directory.count < 0xFFFF_FFFF else {
      throw context.error("archives of 4 GiB or more are not supported")
    }
    try sink.write(directory)
    var end = Fields()
    end.u32(ZipFormat.endOfCentralDirectory)
    end.u16(0)
    end.u16(0)
    end.u16(UInt16(count))
    end.u16(UInt16(count))
    end.u32(UInt32(directory.count))
    end.u32(UInt32(offset))
    end.u16(0)
    try sink.write(end.bytes)
  }
}

/// Little-endian fields of a record being built.
struct Fields {
  var bytes: [UInt8] = []
  mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
  mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
}
