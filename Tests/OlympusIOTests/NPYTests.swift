import Foundation
import OlympusCore
import OlympusIO
import Testing

/// NPY files: NumPy's fixtures for every dtype, byte order, memory order and format version, and
/// round trips of Olympus's own files.
@Suite("NPY files")
struct NPYTests {
  let shape = [2, 3, 4]

  @Test(arguments: ["f2", "f4", "f8"], ["le", "be"])
  func floatFixturesReadInEitherByteOrder(code: String, order: String) throws {
    let tensor = try Tensor(npyAt: FixtureValues.url("\(code)_\(order).npy"))
    #expect(tensor.shape == shape)
    #expect(tensor.dtype == (code == "f8" ? .float64 : .float32))
    // i/2 − 3 is exact in every float width, so the values compare exactly.
    #expect(tensor.scalars(as: Double.self) == FixtureValues.floats(24))
  }

  @Test(arguments: ["i1_le", "i2_le", "i2_be", "i4_le", "i4_be", "i8_le", "i8_be"])
  func signedFixturesRead(name: String) throws {
    let tensor = try Tensor(npyAt: FixtureValues.url("\(name).npy"))
    #expect(tensor.shape == shape)
    #expect(tensor.dtype == (name.hasPrefix("i8") ? .int64 : .int32))
    #expect(tensor.scalars(as: Int.self) == FixtureValues.signed(24))
  }

  @Test(arguments: ["u1_le", "u2_le", "u2_be", "u4_le", "u4_be"])
  func unsignedFixturesWidenLosslessly(name: String) throws {
    let tensor = try Tensor(npyAt: FixtureValues.url("\(name).npy"))
    #expect(tensor.dtype == (name.hasPrefix("u4") ? .int64 : .int32))
    #expect(tensor.scalars(as: Int.self) == FixtureValues.unsigned(24))
  }

  @Test func boolFixtureReads() throws {
    let tensor = try Tensor(npyAt: FixtureValues.url("b1_le.npy"))
    #expect(tensor.dtype == .bool)
    #expect(tensor.scalars(as: Bool.self) == FixtureValues.bools(24))
  }

  @Test func fortranOrderReadsInLogicalOrder() throws {
    let float = try Tensor(npyAt: FixtureValues.url("f8_fortran.npy"))
    #expect(float.shape == shape)
    #expect(float.scalars(as: Double.self) == FixtureValues.floats(24))
    let integer = try Tensor(npyAt: FixtureValues.url("i4_fortran_be.npy"))
    #expect(integer.scalars(as: Int.self) == FixtureValues.signed(24))
  }

  @Test(arguments: ["f4_v2.npy", "f4_v3.npy"])
  func laterFormatVersionsRead(name: String) throws {
    let tensor = try Tensor(npyAt: FixtureValues.url(name))
    #expect(tensor.shape == shape)
    #expect(tensor.scalars(as: Double.self) == FixtureValues.floats(24))
  }

  @Test func scalarAndEmptyFixturesRead() throws {
    let scalar = try Tensor(npyAt: FixtureValues.url("scalar.npy"))
    #expect(scalar.shape == [] && scalar.item(as: Double.self) == 2.5)
    let empty = try Tensor(npyAt: FixtureValues.url("empty.npy"))
    #expect(empty.shape == [0, 3] && empty.dtype == .float32)
  }

  @Test func everyDTypeRoundTrips() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let tensors: [Tensor] = [
      Tensor(FixtureValues.floats(24).map(Float.init), shape: shape),
      Tensor(FixtureValues.floats(24), shape: shape),
      Tensor(FixtureValues.signed(24).map(Int32.init), shape: shape),
      Tensor(FixtureValues.signed(24), shape: shape),
      Tensor(FixtureValues.bools(24), shape: shape),
      Tensor(-1.25),
      Tensor([Float](), shape: [0, 3]),
      Tensor([Int](), shape: [2, 0]),
    ]
    for (index, tensor) in tensors.enumerated() {
      let url = directory.file("t\(index).npy")
      try tensor.writeNPY(to: url)
      let back = try Tensor(npyAt: url)
      #expect(back.type == tensor.type)
      #expect(back.scalars(as: Double.self) == tensor.scalars(as: Double.self))
    }
  }

  @Test func nonContiguousTensorsAreWrittenInLogicalOrder() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let base = Tensor(FixtureValues.floats(24), shape: shape)
    let views = [base.transposed([2, 0, 1]), base[1], base.transposed().reshaped(to: [4, 6])]
    for (index, view) in views.enumerated() {
      let url = directory.file("v\(index).npy")
      try view.writeNPY(to: url)
      let back = try Tensor(npyAt: url)
      #expect(back.shape == view.shape)
      #expect(back.scalars(as: Double.self) == view.scalars(as: Double.self))
    }
  }

  @Test func filesAreAlignedAsNumPyWritesThem() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("x.npy")
    try Tensor([1, 2, 3] as [Float]).writeNPY(to: url)
    let bytes = try [UInt8](Data(contentsOf: url))
    // Magic, version 1.0, header length; the header ends with a newline at a multiple of 64.
    #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    #expect((10 + headerLength) % 64 == 0)
    #expect(bytes[10 + headerLength - 1] == 0x0A)
    let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
    #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"))
    #expect(bytes.count == 10 + headerLength + 12)
  }

  @Test func float16IsWrittenOnRequestRoundedToNearestEven() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("h.npy")
    // 1 + 2⁻¹¹ is halfway between 1 and the next float16 (1 + 2⁻¹⁰): ties go to the even 1.
    // 65520 rounds up past the largest float16 (65504) to infinity; 2⁻²⁴ is the smallest subnormal.
    let values: [Float] = [1, -2.5, 1 + 0x1p-11, 1 + 0x1p-10 + 0x1p-11, 65520, 0x1p-24, 0x1p-26, .infinity]
    try Tensor(values).writeNPY(to: url, as: .float16)
    let back = try Tensor(npyAt: url)
    #expect(back.dtype == .float32)
    #expect(back.scalars(as: Float.self) == [1, -2.5, 1, 1 + 0x1p-9, .infinity, 0x1p-24, 0, .infinity])
  }

  @Test func bfloat16CannotBeWrittenToNPY() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    expectOlympusError("writeNPY(to:)", "NPY has no bfloat16") {
      try Tensor([1] as [Float]).writeNPY(to: directory.file("b.npy"), as: .bfloat16)
    }
    expectOlympusError("cannot store a int64 tensor as float16") {
      try Tensor([1]).writeNPY(to: directory.file("i.npy"), as: .float16)
    }
  }

  @Test func readingFromMemoryMatchesReadingTheFile() throws {
    let url = try FixtureValues.url("f8_be.npy")
    let tensor = try Tensor(npyData: Data(contentsOf: url))
    #expect(tensor.scalars(as: Double.self) == FixtureValues.floats(24))
  }
}
