#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Peak memory of one call in a fresh process: the peers' `measure_one_call_rss` and
/// `run_rss_child` (`shared/benchmarks/peers/_common.py`), used by W4's and J1's `extra.rss`.
///
/// The peak comes from `VmHWM` after resetting it (`echo 5 > /proc/self/clear_refs`, Linux ≥ 4.0);
/// `peak_delta_mb` is that peak minus `VmRSS` just before the call.
enum PeakMemory {
  /// Prepares (builds inputs), then calls `call` twice; for each call the RSS before it, the peak
  /// during it and their difference, in MiB, and the call's milliseconds. The result of a call
  /// is released before the next one starts.
  static func report<Result>(prepare: () -> Void, call: () -> Result) -> JSONMembers {
    prepare()
    var members: JSONMembers = [("peak_rss_after_prepare_mb", .optional(peakMegabytes()))]
    var resetWorks = false
    for label in ["first", "second"] {
      resetWorks = resetPeak()
      let before = statusMegabytes("VmRSS")
      let start = now()
      let result = call()
      let seconds = now() - start
      let peak = peakMegabytes()
      blackHole(result)
      let delta = before.flatMap { before in peak.map { $0 - before } }
      members.append(
        (
          label + "_call",
          .object([
            ("rss_before_mb", .optional(before)),
            ("peak_rss_mb", resetWorks ? .optional(peak) : .null),
            ("peak_delta_mb", resetWorks ? .optional(delta) : .null),
            ("ms", .number(seconds * 1e3)),
          ])
        ))
    }
    members.append(("peak_reset_supported", .bool(resetWorks)))
    members.append(("ru_maxrss_process_mb", .number(maxResidentMegabytes())))
    return members
  }

  /// Runs this program again with `arguments` (`--w4-rss olympus`, `--j1-rss 400`) and returns
  /// the JSON object it prints (its last line starting with `{`), or `{"error": …}` with the end
  /// of its output.
  static func inFreshProcess(arguments: [String]) -> JSONValue {
    guard let executable = executablePath() else { return .object([("error", .string("/proc/self/exe unreadable"))]) }
    let command = ([executable] + arguments).map(shellQuoted).joined(separator: " ") + " 2>&1"
    guard let pipe = popen(command, "r") else { return .object([("error", .string("popen failed"))]) }
    var output = ""
    var buffer = [CChar](repeating: 0, count: 4096)
    while fgets(&buffer, Int32(buffer.count), pipe) != nil {
      output += String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    let status = pclose(pipe)
    let lines = output.split(separator: "\n")
    guard status == 0, let line = lines.last(where: { $0.hasPrefix("{") && $0.hasSuffix("}") }) else {
      return .object([("error", .string("exit status \(status): " + String(output.suffix(500))))])
    }
    return .serialized(String(line))
  }

  /// The peak resident set size in MiB: `VmHWM` (resettable), else the process's `ru_maxrss`.
  ///
  /// As in the peers, `ru_maxrss` is not preferred: when a thread exits the kernel folds the high
  /// water mark into it, and `clear_refs` does not reset that part.
  static func peakMegabytes() -> Double? { statusMegabytes("VmHWM") ?? maxResidentMegabytes() }

  /// Resets `VmHWM` to the current RSS; false where the kernel does not allow it.
  static func resetPeak() -> Bool {
    guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
    let written = fputs("5", file) >= 0
    return fclose(file) == 0 && written
  }

  /// A `kB` line of `/proc/self/status` (`VmRSS`, `VmHWM`) in MiB.
  static func statusMegabytes(_ key: String) -> Double? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
      let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      guard line.hasPrefix(key + ":") else { continue }
      let fields = line.dropFirst(key.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
      let kilobytes = fields.first.flatMap { Double($0) }
      return kilobytes.map { $0 / 1024 }
    }
    return nil
  }

  /// The process's `ru_maxrss` in MiB.
  static func maxResidentMegabytes() -> Double {
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024
  }

  /// The path of the running executable.
  private static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `text` in single quotes for `/bin/sh`.
  private static func shellQuoted(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }
}
