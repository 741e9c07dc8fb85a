import Foundation

/// Builders of files by hand, valid or deliberately broken, for the hostile-file corpus.
enum HostileFiles {
  /// An NPY file with `header` (padded to 64 bytes) and `data`, version `major`.0.
  static func npy(_ header: String, data: [UInt8] = [], major: UInt8 = 1) -> [UInt8] {
    var text = Array(header.utf8)
    let preamble = major == 1 ? 10 : 12
    text += [UInt8](repeating: 0x20, count: (64 - (preamble + text.count + 1) % 64) % 64) + [0x0A]
    let length = major == 1 ? littleEndianBytes(UInt16(text.count)) : littleEndianBytes(UInt32(text.count))
    return [0x93] + Array("NUMPY".utf8) + [major, 0] + length + text + data
  }

  /// A safetensors file with the JSON `header` as given and `data`.
  static func safetensors(_ header: String, data: [UInt8] = []) -> [UInt8] {
    safetensors(headerBytes: Array(header.utf8), data: data)
  }

  static func safetensors(headerBytes: [UInt8], data: [UInt8] = []) -> [UInt8] {
    littleEndianBytes(UInt64(headerBytes.count)) + headerBytes + data
  }

  /// A zip archive of stored members, each with its declared CRC (the real one unless given).
  static func zip(_ members: [(name: String, data: [UInt8], crc: UInt32?)]) -> [UInt8] {
    var archive: [UInt8] = []
    var directory: [UInt8] = []
    for member in members {
      let name = Array(member.name.utf8)
      let crc = member.crc ?? crc32(member.data)
      let sizes = littleEndianBytes(crc) + littleEndianBytes(UInt32(member.data.count)) + littleEndianBytes(UInt32(member.data.count))
      let common = littleEndianBytes(UInt16(20)) + littleEndianBytes(UInt16(0)) + littleEndianBytes(UInt16(0))
        + littleEndianBytes(UInt32(0)) + sizes + littleEndianBytes(UInt16(name.count)) + littleEndianBytes(UInt16(0))
      directory += littleEndianBytes(UInt32(0x0201_4B50)) + littleEndianBytes(UInt16(20)) + common
        + [UInt8](repeating: 0, count: 6) + littleEndianBytes(UInt32(0)) + littleEndianBytes(UInt32(archive.count)) + name
      archive += littleEndianBytes(UInt32(0x0403_4B50)) + common + name + member.data
    }
    let end = littleEndianBytes(UInt32(0x0605_4B50)) + [0, 0, 0, 0] + littleEndianBytes(UInt16(members.count))
      + littleEndianBytes(UInt16(members.count)) + littleEndianBytes(UInt32(directory.count))
      + littleEndianBytes(UInt32(archive.count)) + [0, 0]
    return archive + directory + end
  }

  /// The CRC-32 of zip, bit by bit (the reference the library's table-driven one is checked against).
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  /// Replaces the 32-bit little-endian field at `offset`.
  static func patch(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
    for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
  }

  /// The offset of the first central directory entry of a one-member archive (from its end record).
  static func centralDirectoryOffset(_ archive: [UInt8]) -> Int {
    let end = archive.count - 22
    return (0..<4).reduce(0) { $0 | Int(archive[end + 16 + $1]) << (8 * $1) }
  }
}
