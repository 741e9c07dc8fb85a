import CLibFuzzerDriver
import Foundation
import OlympusCore
import OlympusIO

/// libFuzzer's entry point: parses the input as an `.npy` file and reads every element of what it
/// accepts (so that AddressSanitizer sees any view past the bytes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
  if let tensor = try? Tensor(npyData: data) { _ = tensor.scalars(as: Double.self) }
  return 0
}

// Start libFuzzer with this file's entry point (see CLibFuzzerDriver).
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzNPY))
