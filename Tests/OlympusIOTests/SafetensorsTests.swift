import Foundation
import OlympusCore
import OlympusIO
import Testing

/// Safetensors files: the `safetensors` package's fixtures, round trips with metadata, half
/// precision on request, and views over the mapping.
@Suite("Safetensors files")
struct SafetensorsTests {
  let shape = [2, 3, 4]

  @Test func numpyFixtureReadsEveryDTypeAndTheMetadata() throws {
    let (tensors, metadata) = try loadSafetensors(from: FixtureValues.url("numpy.safetensors"))
    #expect(metadata == ["source": "numpy", "note": "ünïcode ✓"])
    #expect(Set(tensors.keys) == ["f32", "f64", "i32", "i64", "bool", "f16", "u8", "scalar", "empty"])
    let floats = FixtureValues.floats(24)
    for (name, dtype) in [("f32", DType.float32), ("f64", .float64), ("f16", .float32)] {
      let tensor = try #require(tensors[name])
      #expect(tensor.type == TensorType(shape: shape, dtype: dtype), "\(name)")
      #expect(tensor.scalars(as: Double.self) == floats, "\(name)")  // exact in every width
    }
    #expect(tensors["i32"]?.dtype == .int32 && tensors["i32"]?.scalars(as: Int.self) == FixtureValues.signed(24))
    #expect(tensors["i64"]?.dtype == .int64 && tensors["i64"]?.scalars(as: Int.self) == FixtureValues.signed(24))
    #expect(tensors["u8"]?.dtype == .int32 && tensors["u8"]?.scalars(as: Int.self) == FixtureValues.unsigned(24))
    #expect(tensors["bool"]?.scalars(as: Bool.self) == FixtureValues.bools(24))
    #expect(tensors["scalar"]?.shape == [] && tensors["scalar"]?.item(as: Float.self) == 2.5)
    #expect(tensors["empty"]?.shape == [0, 3])
  }

  @Test func bfloat16FixtureWidensToFloat32() throws {
    let tensor = try #require(try loadSafetensors(from: FixtureValues.url("bf16.safetensors")).tensors["bf16"])
    #expect(tensor.dtype == .float32)
    #expect(tensor.scalars(as: Double.self) == FixtureValues.floats(24))  // i/2 − 3 is exact in bfloat16
  }

  @Test func everyDTypeAndMetadataRoundTrip() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let tensors: [String: Tensor] = [
      "float32": Tensor(FixtureValues.floats(24).map(Float.init), shape: shape),
      "float64": Tensor(FixtureValues.floats(24), shape: shape),
      "int32": Tensor(FixtureValues.signed(24).map(Int32.init), shape: shape),
      "int64": Tensor(FixtureValues.signed(24), shape: shape),
      "bool": Tensor(FixtureValues.bools(3)),
      "scalar": Tensor(7.5),
      "empty": Tensor([Float](), shape: [0, 4]),
      "strided": Tensor(FixtureValues.floats(24), shape: shape).transposed(),
      "quote\"and\\slash": Tensor([1] as [Int32]),
    ]
    let metadata = ["step": "12", "json": "{\"a\": [1, 2]}", "newline": "a\nb"]
    let url = directory.file("all.safetensors")
    try writeSafetensors(tensors, metadata: metadata, to: url)
    let (back, backMetadata) = try loadSafetensors(from: url)
    #expect(backMetadata == metadata)
    #expect(Set(back.keys) == Set(tensors.keys))
    for (name, tensor) in tensors {
      let loaded = try #require(back[name])
      #expect(loaded.type == tensor.type, "\(name)")
      #expect(loaded.scalars(as: Double.self) == tensor.scalars(as: Double.self), "\(name)")
    }
    // The header length is a multiple of 8, so the data of aligned dtypes starts aligned.
    let bytes = try [UInt8](Data(contentsOf: url))
    let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(headerLength % 8 == 0)
  }

  @Test(arguments: [HalfFloat.float16, .bfloat16])
  func floatsAreStoredInHalfPrecisionOnRequest(half: HalfFloat) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("half.safetensors")
    // 1 + 2⁻⁹ is exact in float16 but halfway between two bfloat16 values (1 and 1 + 2⁻⁷ have
    // 7 fraction bits), which rounds to the even 1.
    let floats = Tensor([1, -3.5, 1 + 0x1p-9] as [Float])
    try writeSafetensors(["w": floats, "n": Tensor([1, 2])], to: url, storingFloatsAs: half)
    let (back, _) = try loadSafetensors(from: url)
    #expect(back["w"]?.dtype == .float32)
    #expect(back["w"]?.scalars(as: Float.self) == (half == .float16 ? [1, -3.5, 1 + 0x1p-9] : [1, -3.5, 1]))
    #expect(back["n"]?.dtype == .int64)  // integers keep their dtype
    let header = try String(decoding: Data(contentsOf: url).dropFirst(8), as: UTF8.self)
    #expect(header.contains(half == .float16 ? "\"F16\"" : "\"BF16\""))
  }

  @Test func tensorsStayValidAfterTheFileIsRemoved() throws {
    let directory = try TemporaryDirectory()
    let url = directory.file("m.safetensors")
    try writeSafetensors(["x": Tensor(FixtureValues.floats(1000), shape: [10, 100])], to: url)
    let tensor = try #require(try loadSafetensors(from: url).tensors["x"])
    directory.remove()
    // The mapping outlives the directory entry: the view still reads the file's bytes.
    #expect(tensor.scalars(as: Double.self) == FixtureValues.floats(1000))
    #expect((tensor * 2).sum().item(as: Double.self) == 2 * FixtureValues.floats(1000).reduce(0, +))
  }

  @Test func donatingAMappedTensorToJitLeavesTheFileUnchanged() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("donated.safetensors")
    let values = FixtureValues.floats(4096)
    try writeSafetensors(["x": Tensor(values.map(Float.init))], to: url)
    let before = try Data(contentsOf: url)
    // A compiled graph writes its result into a donated input's storage when the caller gave up
    // the input: here the only reference to a view of the mapping, whose pages are private
    // copy-on-write (a read-only mapping crashes here).
    let graph = makeGraph(of: { [exp($0[0] * 0.001) + 1] }, for: [TensorType(shape: [4096], dtype: .float32)])
    var tensors = try loadSafetensors(from: url).tensors
    let result = graph.compiled(donating: [0])([tensors.removeValue(forKey: "x")!])[0]
    let expected = values.map { exp(Float($0) * 0.001) + 1 }
    // Float32 exp of the kernels is within a few ulps of Swift's; 1e-6 relative covers it.
    for (value, reference) in zip(result.scalars(as: Float.self), expected) {
      #expect(abs(value - reference) <= 1e-6 * abs(reference))
    }
    #expect(try Data(contentsOf: url) == before)
  }

  @Test func pythonReadableLayoutIsSortedByName() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("order.safetensors")
    try writeSafetensors(["b": Tensor([2] as [Float]), "a": Tensor([1] as [Float])], to: url)
    let header = try String(decoding: Data(contentsOf: url).dropFirst(8), as: UTF8.self)
    #expect(header.hasPrefix(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#))
  }
}
