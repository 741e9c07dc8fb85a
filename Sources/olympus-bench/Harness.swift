/// How many times to call a benchmarked function: the peers' `bench_once` parameters.
struct RepetitionPlan: Sendable {
  /// Untimed calls first.
  var warmup = 3
  /// Repetitions at least…
  var minimumRepetitions = 20
  /// …and seconds of measurement at least (both must be reached)…
  var minimumSeconds = 2.0
  /// …unless this many seconds have passed (with at least 5 repetitions).
  var maximumSeconds = 30.0
  /// Calls per repetition; the time of a repetition is divided by it.
  var inner = 1

  /// The plan of `--quick`: few repetitions, numbers not valid.
  var quick: RepetitionPlan {
    var plan = self
    plan.minimumRepetitions = 3
    plan.minimumSeconds = 0
    plan.maximumSeconds = Swift.min(maximumSeconds, 2)
    plan.warmup = Swift.min(warmup, 1)
    return plan
  }
}

/// Per-call times of one measurement and how disturbed it was.
struct Measurement {
  /// Seconds per call, one entry per repetition.
  var perCallSeconds: [Double]
  /// The `extra.interference` object: foreign CPU use, steal, waits, speed probes, attempts.
  var interference: JSONMembers
  /// Foreign CPU fraction during the timed repetitions, when known.
  var foreignFraction: Double?
}

/// The timing protocol of the peer scripts (`_common.bench` / `bench_once` / `calibrate_inner`).
struct Harness: Sendable {
  /// Quiet-wait, retry and `--quick` settings.
  let options: Options

  /// Measures `call` under `plan`, again (up to `options.retries` times) while others used more
  /// than `options.retryAbove` of the machine meanwhile; keeps the least disturbed attempt.
  func measure(_ plan: RepetitionPlan, _ call: () -> Void) -> Measurement {
    let plan = options.quick ? plan.quick : plan
    let attemptsAllowed = 1 + (options.quietWait ? options.retries : 0)
    var best: Measurement?
    var attempts = 0
    while attempts < attemptsAllowed {
      attempts += 1
      let measurement = measureOnce(plan, call)
      if let fraction = measurement.foreignFraction {
        if best == nil || fraction < (best?.foreignFraction ?? 1) { best = measurement }
        if fraction <= options.retryAbove { break }
      } else {
        if best == nil { best = measurement }
        break
      }
    }
    var result = best!
    result.interference.append(("attempts", .integer(attempts)))
    return result
  }

  /// One measurement: wait for quiet, warm up, then time repetitions of `plan.inner` calls.
  func measureOnce(_ plan: RepetitionPlan, _ call: () -> Void) -> Measurement {
    let (waited, fractionBefore) =
      options.quietWait
      ? QuietWait.wait(threshold: options.quietThreshold, maxWait: options.maxQuietWait) : (0, nil)
    for _ in 0..<plan.warmup { call() }
    // After warm-up: right after the idle wait the CPU may still be clocked down.
    let probeBefore = nativeSpeedProbeNanoseconds()
    var times: [Double] = []
    let before = CPUSample.take()
    let begin = now()
    while true {
      let start = now()
      for _ in 0..<plan.inner { call() }
      let end = now()
      times.append((end - start) / Double(plan.inner))
      let elapsed = end - begin
      if times.count >= plan.minimumRepetitions && elapsed >= plan.minimumSeconds { break }
      if elapsed >= plan.maximumSeconds && times.count >= 5 { break }
    }
    let after = CPUSample.take()
    let probeAfter = nativeSpeedProbeNanoseconds()
    let fraction = before.flatMap { sample in after.flatMap { sample.foreignFraction(until: $0) } }
    var steal: Double?
    var measured: Double?
    if let before, let after {
      steal = after.steal - before.steal
      measured = rounded(after.wall - before.wall, digits: 3)
    }
    return Measurement(
      perCallSeconds: times,
      interference: [
        ("foreign_cpu_frac", .optional(fraction)),
        ("steal_s", .optional(steal)),
        ("quiet_wait_s", .number(rounded(waited, digits: 2))),
        ("foreign_cpu_frac_before", .optional(fractionBefore)),
        ("measured_s", .optional(measured)),
        ("speed_probe_native_ns", .array([probeBefore, probeAfter].map { .number(rounded($0, digits: 3)) })),
      ],
      foreignFraction: fraction)
  }

  /// Calls per repetition so that one repetition takes at least `target` seconds (at most `cap`).
  func calibrateInner(target: Double = 0.005, cap: Int = 100_000, _ call: () -> Void) -> Int {
    call()
    let start = now()
    call()
    let elapsed = now() - start
    if elapsed >= target { return 1 }
    return Int(Swift.min(Double(cap), Swift.max(1, (target / Swift.max(elapsed, 1e-9)).rounded())))
  }
}

/// `value` rounded to `digits` decimals.
func rounded(_ value: Double, digits: Int) -> Double {
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  return (value * scale).rounded() / scale
}
