import Olympus

extension Workload {
  /// J1, `jit` compile time: `jit` of the value and gradient of `PendulumChain`'s loss, RK4
  /// unrolled 100, 200, 400 and 800 steps; one record per step count (system `olympus-jit-N`).
  ///
  /// A repetition is one call of a freshly jitted function (staging, graph passes, compilation
  /// and the first run), as the peers' `first_call_ms`; at least 3 repetitions and 1 s of them,
  /// so that the median of the small sizes (about 0.1 s a call at 100 steps) rests on more calls. `extra` carries the staged and optimized
  /// equation counts, the milliseconds per staged equation, `cpu_ms` (the median CPU time of a
  /// repetition, all threads: its cost apart from waiting for a core on a shared machine), each
  /// pass's time (staging, `simplified()`, `eliminatingCommonSubexpressions()`,
  /// `removingDeadCode()`, `compiled(donating:)` and the first run, measured once after the
  /// repetitions), and `rss`: peak memory of one such call in a fresh process
  /// (`olympus-bench --j1-rss N`).
  static let j1CompileTime = Workload(
    name: "J1", summary: "jit compile time and memory: value and gradient of RK4 unrolled 100-800 steps"
  ) { context in
    let p = PendulumChain.parameters()
    for steps in PendulumChain.stepCounts {
      let function = PendulumChain.valueAndGradient(steps: steps)
      let results = freshlyJitted(function)(p)
      let plan = RepetitionPlan(warmup: 0, minimumRepetitions: 3, minimumSeconds: 1, maximumSeconds: 60)
      var cpuSeconds: [Double] = []
      let measurement = context.harness.measure(plan) {
        let start = processCPUSeconds()
        blackHole(freshlyJitted(function)(p))
        cpuSeconds.append(processCPUSeconds() - start)
      }
      let passes = compilePasses(function, p)
      var extra: JSONMembers = [
        ("steps", .integer(steps)),
        ("value", .number(results[0].item(as: Double.self))),
        ("check", .number(checksum(results))),
        ("ms_per_equation", .number(median(of: measurement.perCallSeconds) * 1e3 / Double(passes.stagedEquations))),
        ("cpu_ms", .number(median(of: cpuSeconds) * 1e3)),
      ]
      extra += passes.members
      if !context.options.skipPeakMemory {
        extra.append(("rss", PeakMemory.inFreshProcess(arguments: ["--j1-rss", "\(steps)"])))
      }
      context.reporter.emit("J1", system: "olympus-jit-\(steps)", measurement, extra: extra)
    }
  }

  /// `function` jitted anew (its first call stages and compiles).
  private static func freshlyJitted(_ function: @escaping (Tensor) -> [Tensor]) -> (Tensor) -> [Tensor] {
    jit(function)
  }

  /// The passes `jit` runs on a first call, one by one and timed: staging, simplification, common
  /// subexpressions, dead code, compilation, and the first run of the compiled graph.
  private static func compilePasses(_ function: @escaping (Tensor) -> [Tensor], _ p: Tensor) -> (
    members: JSONMembers, stagedEquations: Int
  ) {
    var members: JSONMembers = []
    func timed<T>(_ name: String, _ body: () -> T) -> T {
      let start = now()
      let result = body()
      members.append((name + "_ms", .number((now() - start) * 1e3)))
      return result
    }
    let staged = timed("stage") { makeGraph(of: { function($0[0]) }, for: [p.type]) }
    let simplified = timed("simplify") { staged.simplified() }
    let merged = timed("cse") { simplified.eliminatingCommonSubexpressions() }
    let optimized = timed("dead_code") { merged.removingDeadCode() }
    let compiled = timed("compile") { optimized.compiled() }
    blackHole(timed("first_run") { compiled([p]) })
    let counts: JSONMembers = [
      ("staged_equations", .integer(staged.equations.count)),
      ("optimized_equations", .integer(optimized.equations.count)),
      ("fused_clusters", .integer(compiled.fused.clusterCount)),
    ]
    return (counts + [("passes", .object(members))], staged.equations.count)
  }

  /// The fresh-process side of J1's memory measurement (`olympus-bench --j1-rss N`): the peak
  /// resident memory of a call of a freshly jitted function (staging, passes, compilation, first
  /// run) for `steps` RK4 steps, as `PeakMemory.report` gives it.
  static func j1PeakMemoryChild(steps: Int) -> JSONValue {
    var p: Tensor?
    let function = PendulumChain.valueAndGradient(steps: steps)
    var members = PeakMemory.report(prepare: { p = PendulumChain.parameters() }) { freshlyJitted(function)(p!) }
    members.append(("steps", .integer(steps)))
    return .object(members)
  }
}
