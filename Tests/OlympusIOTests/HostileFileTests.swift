import Foundation
import OlympusCore
import OlympusIO
import Testing

/// A corpus of hand-made hostile files: each is refused with an OlympusError naming the file and
/// its own problem, before any data is used and without allocating what the header claims.
@Suite("Hostile files")
struct HostileFileTests {
  let directory: TemporaryDirectory

  init() throws { directory = try TemporaryDirectory() }

  func npy(_ bytes: [UInt8], _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = try directory.write("hostile.npy", bytes)
    do {
      _ = try Tensor(npyAt: url)
      Issue.record("accepted a hostile NPY file, expected \(fragments)", sourceLocation: sourceLocation)
    } catch let error as OlympusError {
      #expect(error.description.contains(url.path), "\(error)", sourceLocation: sourceLocation)
      for fragment in fragments { #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation) }
    }
  }

  func safetensors(_ bytes: [UInt8], _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = try directory.write("hostile.safetensors", bytes)
    do {
      _ = try loadSafetensors(from: url)
      Issue.record("accepted a hostile safetensors file, expected \(fragments)", sourceLocation: sourceLocation)
    } catch let error as OlympusError {
      #expect(error.description.contains(url.path), "\(error)", sourceLocation: sourceLocation)
      for fragment in fragments { #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation) }
    }
  }

  func npz(_ bytes: [UInt8], _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = try directory.write("hostile.npz", bytes)
    do {
      _ = try loadNPZ(from: url)
      Issue.record("accepted a hostile NPZ archive, expected \(fragments)", sourceLocation: sourceLocation)
    } catch let error as OlympusError {
      #expect(error.description.contains(url.path), "\(error)", sourceLocation: sourceLocation)
      for fragment in fragments { #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation) }
    }
  }

  let f4Header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"

  // MARK: NPY

  @Test func npyTruncatedInThePreamble() throws {
    try npy([0x93] + Array("NUMPY".utf8) + [1], "truncated", "NPY preamble")
  }

  @Test func npyTruncatedData() throws {
    try npy(HostileFiles.npy(f4Header, data: [0, 0, 0]), "truncated: shape [2] of float32 needs 8 bytes of data, the file has 3")
  }

  @Test func npyHeaderLengthPastTheEnd() throws {
    try npy([0x93] + Array("NUMPY".utf8) + [1, 0, 0xE8, 0x03] + Array("{}".utf8), "header length 1000 runs past the end of the file (12 bytes)")
  }

  @Test func npyHundredGigabyteShape() throws {
    try npy(
      HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000,), }"),
      "shape [100000000000] of float32 needs 400000000000 bytes of data, the file has 0")
  }

  @Test func npyElementCountOverflow() throws {
    try npy(
      HostileFiles.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"),
      "more elements than an Int can count")
    try npy(HostileFiles.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "too large for an Int")
  }

  /// Found by the fuzzer: an empty shape (one dimension 0) whose other dimensions multiply beyond
  /// an Int has no element to count, but its strides would overflow.
  @Test func emptyShapesWhoseStridesOverflowAreRejected() throws {
    try npy(
      HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4294967296, 4294967296), }"),
      "strides larger than an Int can hold")
    try safetensors(
      HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[0,4294967296,4294967296],"data_offsets":[0,0]}}"#),
      "strides larger than an Int can hold")
  }

  @Test func npyNegativeDimension() throws {
    try npy(HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), "negative dimension")
  }

  @Test func npyUnknownComplexAndObjectDTypes() throws {
    try npy(HostileFiles.npy("{'descr': '<x4', 'fortran_order': False, 'shape': (), }"), "unsupported dtype '<x4'")
    try npy(HostileFiles.npy("{'descr': '<c8', 'fortran_order': False, 'shape': (), }"), "complex dtype '<c8'")
    try npy(HostileFiles.npy("{'descr': '|O', 'fortran_order': False, 'shape': (), }"), "object dtype", "pickled")
    try npy(HostileFiles.npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (), }"), "structured")
    try npy(HostileFiles.npy("{'descr': '<u8', 'fortran_order': False, 'shape': (), }"), "uint64")
  }

  @Test func npyDuplicateAndUnknownKeys() throws {
    try npy(HostileFiles.npy("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (), }"), "key 'descr' twice")
    try npy(HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}"), "malformed NPY header")
    try npy(HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': True}"), "unknown keys [\"x\"]")
  }

  @Test func npyMalformedHeaderSyntax() throws {
    try npy(HostileFiles.npy("{'descr': '<f4' 'fortran_order': False}"), "malformed NPY header", "expected ',' or '}'")
    try npy(HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} junk"), "unexpected text after the dict")
    try npy(HostileFiles.npy("{'descr': '<f4', 'fortran_order': Nope, 'shape': ()}"), "unexpected character")
    try npy(HostileFiles.npy("{'descr': '\u{e9}'}"), "not printable ASCII")
  }

  @Test func npyTrailingBytes() throws {
    try npy(HostileFiles.npy(f4Header, data: [UInt8](repeating: 0, count: 11)), "3 trailing bytes after the data")
  }

  @Test func npyUnknownVersionAndMagic() throws {
    var bytes = HostileFiles.npy(f4Header, data: [UInt8](repeating: 0, count: 8))
    bytes[6] = 9
    try npy(bytes, "unsupported NPY format version 9.0")
    try npy(Array("not numpy at all".utf8), "not an NPY file")
  }

  @Test func npyBoolBytesOtherThanZeroOrOne() throws {
    try npy(HostileFiles.npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", data: [1, 0, 7]), "bool element 2 is 7")
  }

  @Test func picklesAreRefusedPointingToSafetensors() throws {
    let pickle: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x2E, 0, 0, 0, 0]
    try npy(pickle, "pickle", "safetensors")
    try safetensors(pickle, "pickle", "loadSafetensors")
    let torchArchive = HostileFiles.zip([("archive/data.pkl", [0x80, 0x02, 0x2E], nil)])
    try npz(torchArchive, "pickle", "safetensors.torch.save_file")
    try safetensors(torchArchive, "pickle")
  }

  // MARK: safetensors

  @Test func safetensorsTruncatedLength() throws {
    try safetensors([1, 2, 3], "truncated: 3 bytes end inside the 8-byte header length")
  }

  @Test func safetensorsHeaderLengthPastTheEnd() throws {
    try safetensors(littleEndianBytes(UInt64(1) << 40) + Array("{}".utf8), "header length 1099511627776 runs past the end of the file (10 bytes)")
  }

  @Test func safetensorsHundredGigabyteShape() throws {
    try safetensors(
      HostileFiles.safetensors(#"{"x":{"dtype":"F32","shape":[100000000000],"data_offsets":[0,400000000000]}}"#),
      "truncated: the tensors need 400000000000 bytes of data, the file has 0")
  }

  @Test func safetensorsOverlappingOffsets() throws {
    try safetensors(
      HostileFiles.safetensors(
        #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
        data: [UInt8](repeating: 0, count: 12)),
      "tensor 'b' at bytes 4..<12 overlaps the tensor before it")
  }

  @Test func safetensorsGapsAndTrailingBytes() throws {
    try safetensors(
      HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: [UInt8](repeating: 0, count: 8)),
      "bytes 0..<4 before tensor 'a' belong to no tensor")
    try safetensors(
      HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [UInt8](repeating: 0, count: 9)),
      "5 trailing bytes after the last tensor's data")
  }

  @Test func safetensorsNegativeAndHugeOffsets() throws {
    try safetensors(HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#), "data offset -4 is negative")
    try safetensors(
      HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999999]}}"#),
      "data offset the number 99999999999999999999999 is not an integer within Int")
    try safetensors(HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}}"#), "not an integer")
    try safetensors(HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}}"#), "end before they begin")
  }

  @Test func safetensorsShapeAndOffsetsDisagree() throws {
    try safetensors(
      HostileFiles.safetensors(#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)),
      "shape [2] of F64 needs 16 bytes, data_offsets [0, 8] hold 8")
    try safetensors(
      HostileFiles.safetensors(#"{"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#),
      "more elements than an Int can count")
  }

  @Test func safetensorsInvalidUTF8AndJSON() throws {
    try safetensors(HostileFiles.safetensors(headerBytes: Array("{\"".utf8) + [0xFF, 0xFE] + Array("\":{}}".utf8)), "not valid UTF-8")
    try safetensors(HostileFiles.safetensors(#"{"a":{"dtype":"F32",}}"#), "not valid JSON", "expected a string key")
    try safetensors(HostileFiles.safetensors(#"{"a":1} x"#), "not valid JSON", "unexpected text after the value")
    try safetensors(HostileFiles.safetensors("[1]"), "header does not start with '{'")
    try safetensors(
      HostileFiles.safetensors("{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"),
      "nesting deeper than 64")
  }

  @Test func safetensorsDuplicateKeys() throws {
    try safetensors(
      HostileFiles.safetensors(
        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
        data: [UInt8](repeating: 0, count: 8)),
      "duplicate key \"a\"")
  }

  @Test func safetensorsUnknownDTypeAndEntryKeys() throws {
    try safetensors(HostileFiles.safetensors(#"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, data: [0]), "unknown or unsupported dtype 'F8_E4M3'")
    try safetensors(HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0],"x":1}}"#), "entry has keys")
    try safetensors(HostileFiles.safetensors(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#), "negative dimension -1")
  }

  @Test func safetensorsMetadataMustMapStringsToStrings() throws {
    try safetensors(HostileFiles.safetensors(#"{"__metadata__":{"a":1}}"#), "__metadata__ value of 'a' is the number 1, not a string")
    try safetensors(HostileFiles.safetensors(#"{"__metadata__":["a"]}"#), "__metadata__ is an array, not an object")
  }

  // MARK: NPZ

  var validMember: [UInt8] { HostileFiles.npy(f4Header, data: [UInt8](repeating: 0, count: 8)) }

  @Test func npzZipSlipAndAbsoluteNames() throws {
    try npz(HostileFiles.zip([("../../etc/evil.npy", validMember, nil)]), "zip slip")
    try npz(HostileFiles.zip([("a/../../evil.npy", validMember, nil)]), "zip slip")
    try npz(HostileFiles.zip([("/etc/evil.npy", validMember, nil)]), "absolute member name")
    try npz(HostileFiles.zip([("C:/evil.npy", validMember, nil)]), "drive letter")
    try npz(HostileFiles.zip([("a\\..\\evil.npy", validMember, nil)]), "backslash")
  }

  @Test func npzDuplicateNames() throws {
    try npz(HostileFiles.zip([("x.npy", validMember, nil), ("x.npy", validMember, nil)]), "the member name 'x.npy' appears twice")
  }

  @Test func npzCRCMismatch() throws {
    try npz(HostileFiles.zip([("x.npy", validMember, 0x1234_5678)]), "member 'x.npy' has CRC-32", "its header says 0x12345678")
  }

  @Test func npzTrailingAndLeadingGarbage() throws {
    let archive = HostileFiles.zip([("x.npy", validMember, nil)])
    try npz(archive + [0, 1, 2], "no zip end record ends the file")
    // Bytes before the first member shift every offset: the central directory no longer matches.
    try npz([9, 9, 9, 9] + archive, "does not end where its end record starts")
  }

  @Test func npzMembersThatAreNotArrays() throws {
    try npz(HostileFiles.zip([("notes.txt", Array("hello".utf8), nil)]), "member 'notes.txt' is not an .npy array")
    try npz(HostileFiles.zip([("x.npy", Array("garbage!".utf8), nil)]), "member 'x.npy'", "not an NPY file")
  }

  @Test func npzTruncatedArchive() throws {
    let archive = HostileFiles.zip([("x.npy", validMember, nil)])
    try npz(Array(archive.prefix(40)), "no zip end record")
    try npz(Array(archive.prefix(10)), "truncated")
  }

  /// A compressed archive of one 8 MB member whose declared size is then patched.
  func compressedArchive() throws -> [UInt8] {
    let url = directory.file("zeros.npz")
    try writeNPZ(["z": Tensor.zeros([1_000_000], dtype: .float64)], to: url, compressed: true)
    return try [UInt8](Data(contentsOf: url))
  }

  @Test func npzZipBombIsStoppedAtItsDeclaredSize() throws {
    var archive = try compressedArchive()
    // Declare 1000 uncompressed bytes in the local header (offset 22) and the central entry (24).
    HostileFiles.patch(&archive, at: 22, 1000)
    HostileFiles.patch(&archive, at: HostileFiles.centralDirectoryOffset(archive) + 24, 1000)
    try npz(archive, "member 'z.npy' inflates past its declared size of 1000 bytes")
  }

  @Test func npzImpossibleDeclaredSizeIsRefusedBeforeAllocating() throws {
    var archive = try compressedArchive()
    // 4 GB from about 8 KB compressed: more than deflate's 1032:1 can produce.
    HostileFiles.patch(&archive, at: 22, 0xFFFF_FFF0)
    HostileFiles.patch(&archive, at: HostileFiles.centralDirectoryOffset(archive) + 24, 0xFFFF_FFF0)
    try npz(archive, "declares 4294967280 bytes from", "more than deflate can produce")
  }

  @Test func npzLocalHeaderMustAgreeWithTheDirectory() throws {
    var archive = HostileFiles.zip([("x.npy", validMember, nil)])
    HostileFiles.patch(&archive, at: 14, 0xDEAD_BEEF)  // the local header's CRC
    try npz(archive, "disagrees with the central directory on its CRC or sizes")
  }

  @Test func hostileMemberErrorsNameTheMember() throws {
    let member = HostileFiles.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000,), }")
    try npz(HostileFiles.zip([("big.npy", member, nil)]), "member 'big.npy'", "needs 400000000000 bytes")
  }
}
