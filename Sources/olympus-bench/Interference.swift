#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// CPU time used by *other* processes (and hypervisor steal) while we measure, from `/proc/stat`
/// minus this process's own rusage: the peers' `_cpu_sample` / `foreign_fraction` / `wait_quiet`.
///
/// On a 2-core machine any foreign load distorts multi-threaded timings badly, so every record
/// carries the fraction and the harness waits for quiet before measuring.
struct CPUSample {
  /// Monotonic seconds when taken.
  let wall: Double
  /// Machine-wide non-idle CPU seconds (all fields of the `cpu` line but idle and iowait).
  let busy: Double
  /// Machine-wide steal seconds.
  let steal: Double
  /// This process's user + system CPU seconds, all threads.
  let own: Double

  /// A sample now, or nil where `/proc/stat` cannot be read (not Linux).
  static func take() -> CPUSample? {
    guard let fields = firstStatLine(), fields.count >= 8 else { return nil }
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    let idle = fields[3] + fields[4]
    var usage = rusage()
    #if os(Linux)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    let own = seconds(usage.ru_utime) + seconds(usage.ru_stime)
    return CPUSample(
      wall: now(), busy: Double(fields[0..<8].reduce(0, +) - idle) / ticks, steal: Double(fields[7]) / ticks, own: own)
  }

  /// Fraction of total machine CPU capacity used by others (including steal) from `self` to `later`:
  /// the machine's busy time less this process's, or less `ownSeconds` when given (the CPU time of
  /// every process of a job meanwhile).
  func foreignFraction(until later: CPUSample, ownSeconds: Double? = nil) -> Double? {
    let wall = later.wall - self.wall
    guard wall > 0 else { return nil }
    let cpus = Double(Swift.max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    return Swift.max(0, ((later.busy - busy) - (ownSeconds ?? (later.own - own))) / (wall * cpus))
  }

  /// The first eight counters of the aggregate `cpu` line of `/proc/stat`.
  private static func firstStatLine() -> [Int]? {
    guard let file = fopen("/proc/stat", "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 512)
    guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
    let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let numbers = line.split(separator: " ").dropFirst().prefix(8).compactMap { Int($0) }
    return numbers.count == 8 ? numbers : nil
  }

  private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
}

/// Waiting for the machine to go quiet.
enum QuietWait {
  /// Blocks until others use less than `threshold` of the machine for 0.5 s, at most about
  /// `maxWait` seconds; returns the seconds waited and the last fraction seen.
  static func wait(threshold: Double, maxWait: Double) -> (waited: Double, fraction: Double?) {
    let start = now()
    var fraction: Double?
    while true {
      let before = CPUSample.take()
      usleep(500_000)
      fraction = before.flatMap { sample in CPUSample.take().flatMap { sample.foreignFraction(until: $0) } }
      guard let value = fraction, value >= threshold, now() - start <= maxWait else { break }
    }
    return (now() - start, fraction)
  }
}
