import Foundation
import OlympusCore
import OlympusIO
import Testing

/// Files Olympus writes, read back in Python by Scripts/check-io-roundtrip.py — run when `python3`
/// with NumPy is available (and skipped, with the reason, otherwise).
@Suite("Python reads Olympus's files")
struct PythonRoundTripTests {
  /// The repository's root, from this file's path.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Runs `python3` with `arguments`; the exit status and output.
  static func python(_ arguments: [String]) -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return nil }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
  }

  static let numpyAvailable = python(["-c", "import numpy"])?.status == 0

  @Test(.enabled(if: numpyAvailable, "python3 with numpy is not available"))
  func pythonReadsEveryFileOlympusWrites() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let shape = [2, 3, 4]
    let floats = FixtureValues.floats(24)
    let signed = FixtureValues.signed(24)
    let tensors: [String: Tensor] = [
      "float32": Tensor(floats.map(Float.init), shape: shape), "float64": Tensor(floats, shape: shape),
      "int32": Tensor(signed.map(Int32.init), shape: shape), "int64": Tensor(signed, shape: shape),
      "bool": Tensor(FixtureValues.bools(24), shape: shape),
    ]
    for (name, tensor) in tensors { try tensor.writeNPY(to: directory.file("\(name).npy")) }
    try Tensor(2.5).writeNPY(to: directory.file("scalar.npy"))
    try Tensor([Float](), shape: [0, 3]).writeNPY(to: directory.file("empty.npy"))
    try Tensor(floats, shape: shape).transposed([2, 0, 1]).writeNPY(to: directory.file("strided.npy"))
    try Tensor(floats, shape: shape).writeNPY(to: directory.file("float16.npy"), as: .float16)
    let arrays: [String: Tensor] = [
      "weights": Tensor(FixtureValues.floats(12).map(Float.init), shape: [3, 4]),
      "counts": Tensor(FixtureValues.signed(5)), "mask": Tensor(FixtureValues.bools(4), shape: [2, 2]),
    ]
    try writeNPZ(arrays, to: directory.file("arrays.npz"))
    try writeNPZ(arrays, to: directory.file("arrays_compressed.npz"), compressed: true)
    let named = ["f32": "float32", "f64": "float64", "i32": "int32", "i64": "int64", "bool": "bool"]
    try writeSafetensors(
      named.mapValues { tensors[$0]! }, metadata: ["source": "olympus", "note": "ünïcode ✓"],
      to: directory.file("tensors.safetensors"))
    try writeSafetensors(["f16": tensors["float32"]!], to: directory.file("half.safetensors"), storingFloatsAs: .float16)
    try writeSafetensors(["bf16": tensors["float32"]!], to: directory.file("bf16.safetensors"), storingFloatsAs: .bfloat16)
    let script = Self.root.appendingPathComponent("Scripts/check-io-roundtrip.py").path
    let result = try #require(Self.python([script, directory.url.path]))
    #expect(result.status == 0, "\(result.output)")
  }
}
