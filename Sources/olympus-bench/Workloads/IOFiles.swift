import Foundation
import Olympus

/// The 1 GiB safetensors file of IO1 and IO2: one float32 tensor of 2²⁸ elements, written in the
/// directory `OLYMPUS_BENCH_TMP` names (the system's temporary directory by default).
enum IOFiles {
  static let elementCount = 1 << 28
  static let bytes = Double(elementCount * 4)

  static var directory: URL {
    ProcessInfo.processInfo.environment["OLYMPUS_BENCH_TMP"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.temporaryDirectory
  }

  static var url: URL { directory.appendingPathComponent("olympus-bench-io-\(getpid()).safetensors") }

  /// The tensor written: 0, 1, 2 … converted to float32.
  static func tensor() -> Tensor {
    Tensor.arange(elementCount, dtype: .int32).astype(.float32)
  }

  /// The `gb_per_s` member for calls of `seconds` moving the whole file.
  static func throughput(_ seconds: [Double]) -> JSONMembers {
    [("gb_per_s", .number(bytes / 1e9 / median(of: seconds)))]
  }
}

extension Workload {
  /// IO1, safetensors throughput: write a 1 GiB float32 tensor, and read it back (open and sum
  /// every element, so that every page is read; from the page cache once written).
  static let io1SafetensorsThroughput = Workload(name: "IO1", summary: "write / read a 1 GiB safetensors file") { context in
    let url = IOFiles.url
    defer { try? FileManager.default.removeItem(at: url) }
    let x = IOFiles.tensor()
    let extra: JSONMembers = [("bytes", .integer(IOFiles.elementCount * 4)), ("path", .string(url.path))]
    context.measureCall(
      "IO1", system: "olympus-write", extra: extra, describe: { (_: Void) in [] }, derived: IOFiles.throughput
    ) {
      try! writeSafetensors(["x": x], to: url)
    }
    context.measureCall("IO1", system: "olympus-read", extra: extra, derived: IOFiles.throughput) {
      try! loadSafetensors(from: url).tensors["x"]!.sum()
    }
  }

  /// IO2, opening a 1 GiB safetensors file memory-mapped: the time of `loadSafetensors` alone and
  /// the resident memory it adds (`rss_delta_mb`, from `VmRSS` before and after, the result kept).
  static let io2MappedOpen = Workload(name: "IO2", summary: "open a 1 GiB safetensors file (mmap)") { context in
    let url = IOFiles.url
    defer { try? FileManager.default.removeItem(at: url) }
    try! writeSafetensors(["x": IOFiles.tensor()], to: url)
    let before = PeakMemory.statusMegabytes("VmRSS")
    let opened = try! loadSafetensors(from: url)
    let after = PeakMemory.statusMegabytes("VmRSS")
    let delta = before.flatMap { b in after.map { $0 - b } }
    blackHole(opened)
    context.measureCall(
      "IO2", system: "olympus", extra: [("bytes", .integer(IOFiles.elementCount * 4)), ("rss_delta_mb", .optional(delta))],
      describe: { (result: (tensors: [String: Tensor], metadata: [String: String])) in
        [("shape", .string("\(result.tensors["x"]!.shape)"))]
      }
    ) {
      try! loadSafetensors(from: url)
    }
  }
}
