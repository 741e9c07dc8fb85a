/// CRC-32 (the IEEE polynomial of zip, gzip and PNG), computed eight bytes at a time with eight
/// tables of 256 entries ("slicing by eight"), stored one after the other.
enum CRC32 {
  private static let tables: [UInt32] = {
    var tables = [UInt32](repeating: 0, count: 8 * 256)
    for index in 0..<256 {
      var value = UInt32(index)
      for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
      tables[index] = value
    }
    for table in 1..<8 {
      for index in 0..<256 {
        let previous = tables[(table - 1) * 256 + index]
        tables[table * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
      }
    }
    return tables
  }()

  /// The CRC-32 of `bytes`.
  static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var value = ~UInt32(0)
    var index = 0
    let count = bytes.count
    tables.withUnsafeBufferPointer { t in
      func entry(_ table: Int, _ byte: UInt32) -> UInt32 { t[table << 8 | Int(byte & 0xFF)] }
      while count - index >= 8 {
        let low = value ^ UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self))
        let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
        value =
          entry(7, low) ^ entry(6, low >> 8) ^ entry(5, low >> 16) ^ entry(4, low >> 24)
          ^ entry(3, high) ^ entry(2, high >> 8) ^ entry(1, high >> 16) ^ entry(0, high >> 24)
        index += 8
      }
      while index < count {
        value = (value >> 8) ^ entry(0, value ^ UInt32(bytes[index]))
        index += 1
      }
    }
    return ~value
  }
}
