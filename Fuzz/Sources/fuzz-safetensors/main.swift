import CLibFuzzerDriver
import Foundation
import OlympusCore
import OlympusIO

/// libFuzzer's entry point: parses the input as a safetensors file and reads every element of the
/// tensors it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
  if let (tensors, _) = try? loadSafetensors(data: data) {
    for tensor in tensors.values { _ = tensor.scalars(as: Double.self) }
  }
  return 0
}

// Start libFuzzer with this file's entry point (see CLibFuzzerDriver).
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzSafetensors))
