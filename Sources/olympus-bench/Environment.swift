#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Olympus

/// The `ENV {...}` line written to stderr before any measurement: machine, build and Olympus
/// configuration, and the environment variables that change how kernels run.
enum BenchEnvironment {
  /// Variables that change the threads or BLAS used, by Olympus or by a BLAS it loads.
  static let variables = [
    "OLYMPUS_NUM_THREADS", "OLYMPUS_DISABLE_BLAS", "OLYMPUS_DISABLE_SIMD", "OPENBLAS_NUM_THREADS",
    "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS", "GOTO_NUM_THREADS",
  ]

  /// The ENV object.
  static func describe(workloads: [Workload]) -> JSONValue {
    .object([
      ("olympus_bench", .string("olympus-bench")),
      ("build", .string(buildConfiguration)),
      ("swift_compiler", .string(compilerVersion)),
      ("platform", .string(platform)),
      ("cpu", .string(cpuModel)),
      ("cpu_count", .integer(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))),
      ("threads", .integer(Parallel.threadCount)),
      ("blas", .string(String(describing: MatrixMultiply.defaultBackend))),
      ("simd", .bool(SIMDPaths.isEnabled)),
      ("env", .object(variables.map { name in (name, getenv(name).map { .string(String(cString: $0)) } ?? .null) })),
      ("workloads", .array(workloads.map { .string($0.name) })),
      ("det_inputs_self_check", .string("passed")),
    ])
  }

  /// `release` or `debug` (debug numbers are meaningless: the kernels are about 100x slower).
  static var buildConfiguration: String {
    #if DEBUG
      "debug"
    #else
      "release"
    #endif
  }

  /// The compiler's version, to minor precision, known at compile time (no process to spawn).
  static var compilerVersion: String {
    #if compiler(>=7.0)
      ">=7.0"
    #elseif compiler(>=6.4)
      "6.4"
    #elseif compiler(>=6.3)
      "6.3"
    #elseif compiler(>=6.2)
      "6.2"
    #elseif compiler(>=6.1)
      "6.1"
    #else
      "6.0"
    #endif
  }

  /// `uname`'s system, release and machine, like Python's `platform.platform()` in spirit.
  static var platform: String {
    var names = utsname()
    uname(&names)
    func text<T>(_ field: inout T) -> String {
      withUnsafeBytes(of: &field) { bytes in String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) }
    }
    return [text(&names.sysname), text(&names.release), text(&names.machine)].joined(separator: "-")
  }

  /// The `model name` of the first processor in `/proc/cpuinfo`, or `unknown`.
  static var cpuModel: String {
    guard let file = fopen("/proc/cpuinfo", "r") else { return "unknown" }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 1024)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
      let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard line.hasPrefix("model name"), let colon = line.firstIndex(of: ":") else { continue }
      return String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }.prefix { $0 != "\n" })
    }
    return "unknown"
  }
}
