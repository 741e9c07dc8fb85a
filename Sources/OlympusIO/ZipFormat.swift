/// Signatures and limits of the zip format (PKWARE's APPNOTE), shared by the reader and writer.
enum ZipFormat {
  static let localHeaderSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
  static let localHeader: UInt32 = 0x0403_4B50
  static let centralHeader: UInt32 = 0x0201_4B50
  static let endOfCentralDirectory: UInt32 = 0x0605_4B50
  static let zip64EndOfCentralDirectory: UInt32 = 0x0606_4B50
  static let zip64Locator: UInt32 = 0x0706_4B50
  static let dataDescriptor: UInt32 = 0x0807_4B50
  /// The extra field holding 64-bit sizes and offsets.
  static let zip64ExtraID: UInt16 = 0x0001
  static let stored: UInt16 = 0
  static let deflated: UInt16 = 8
  /// Flag bits: encrypted, sizes in a data descriptor, UTF-8 names.
  static let encryptedFlag: UInt16 = 1
  static let dataDescriptorFlag: UInt16 = 1 << 3
  static let utf8Flag: UInt16 = 1 << 11
  /// Deflate cannot expand data by more than this factor (a 258-byte match per bit pair, at best).
  static let maximumDeflateRatio = 1032

  /// Why `name` cannot name a member safely, or `nil`: empty names, absolute paths, drive letters,
  /// backslashes, NUL bytes and `..` components could write or read outside an extraction
  /// directory (zip slip), so they are refused.
  static func unsafeNameProblem(_ name: String) -> String? {
    if name.isEmpty { return "an empty member name" }
    if name.hasPrefix("/") { return "the absolute member name '\(name)'" }
    if name.utf8.contains(UInt8(ascii: "\\")) { return "the member name '\(name)' with a backslash" }
    if name.utf8.contains(0) { return "a member name with a NUL byte" }
    let characters = Array(name)
    if characters.count >= 2, characters[1] == ":", characters[0].isLetter { return "the member name '\(name)' with a drive letter" }
    if name.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
      return "the member name '\(name)', which leaves the archive (zip slip)"
    }
    return nil
  }
}
