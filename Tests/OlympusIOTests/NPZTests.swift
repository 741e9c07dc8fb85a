import Foundation
import OlympusCore
import OlympusIO
import Testing

/// NPZ archives: NumPy's stored and compressed fixtures, and Olympus's own in both forms.
@Suite("NPZ archives")
struct NPZTests {
  func expectFixtureArrays(_ arrays: [String: Tensor]) {
    #expect(Set(arrays.keys) == ["weights", "counts", "mask", "nested/name"])
    #expect(arrays["weights"]?.type == TensorType(shape: [3, 4], dtype: .float32))
    #expect(arrays["weights"]?.scalars(as: Double.self) == FixtureValues.floats(12))
    #expect(arrays["counts"]?.scalars(as: Int.self) == FixtureValues.signed(5))
    #expect(arrays["mask"]?.scalars(as: Bool.self) == FixtureValues.bools(4))
    #expect(arrays["nested/name"]?.shape == [] && arrays["nested/name"]?.item(as: Double.self) == 1.5)
  }

  @Test func numpySavezFixtureReads() throws {
    expectFixtureArrays(try loadNPZ(from: FixtureValues.url("arrays.npz")))
  }

  @Test func numpySavezCompressedFixtureReads() throws {
    expectFixtureArrays(try loadNPZ(from: FixtureValues.url("arrays_compressed.npz")))
  }

  @Test(arguments: [false, true])
  func olympusArchivesRoundTrip(compressed: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let arrays: [String: Tensor] = [
      "x": Tensor(FixtureValues.floats(600), shape: [20, 30]),
      "y": Tensor(FixtureValues.signed(7).map(Int32.init)),
      "flag": Tensor(true),
      "dir/ünï": Tensor([Float](), shape: [0]),
    ]
    let url = directory.file("a.npz")
    try writeNPZ(arrays, to: url, compressed: compressed)
    let back = try loadNPZ(from: url)
    #expect(Set(back.keys) == Set(arrays.keys))
    for (name, tensor) in arrays {
      #expect(back[name]?.type == tensor.type, "\(name)")
      #expect(back[name]?.scalars(as: Double.self) == tensor.scalars(as: Double.self), "\(name)")
    }
    let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
    // 600 float64 values with repeated structure compress well below their 4800 bytes.
    #expect(compressed ? size < 4800 : size > 4800)
  }

  @Test func namesThatLeaveTheArchiveAreNotWritten() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    expectOlympusError("writeNPZ", "zip slip") {
      try writeNPZ(["../escape": Tensor(1.0)], to: directory.file("bad.npz"))
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("bad.npz").path))
  }
}
