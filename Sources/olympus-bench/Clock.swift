#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Seconds on a monotonic clock (like Python's `time.perf_counter`).
func now() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// CPU seconds this process has used so far, all threads: on a machine shared with other work,
/// the cost of a call apart from waiting for a core.
func processCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Keeps `value` alive and opaque to the optimizer, so a benchmarked call whose result is
/// discarded is still made in full.
@inline(never) @_optimize(none)
func blackHole<Value>(_ value: Value) {}

/// Nanoseconds per step of a dependent xorshift-multiply chain (best of 3 × 10^6 steps), which
/// the optimizer cannot fold.
///
/// The host behind the VM changes speed by up to 3.5x (peer README, "speed_probe_ns"); the
/// peers probe with an empty Python loop, this is the compiled counterpart, so its values are
/// comparable between Olympus runs only, not with the peers' probe.
func nativeSpeedProbeNanoseconds() -> Double {
  let steps = 1_000_000
  var best = Double.infinity
  for _ in 0..<3 {
    var state = UInt64(truncatingIfNeeded: steps)
    let start = now()
    for _ in 0..<steps { state = (state ^ (state >> 29)) &* 0xbf58_476d_1ce4_e5b9 &+ 1 }
    best = Swift.min(best, now() - start)
    blackHole(state)
  }
  return best / Double(steps) * 1e9
}
