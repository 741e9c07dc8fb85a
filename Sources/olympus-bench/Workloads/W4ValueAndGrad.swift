import Olympus

extension Workload {
  /// W4, big elementwise value and gradient: `valueAndGrad(of: { x in (exp(sin(x)) * x).sum() })(x)`,
  /// x = det_uniform(10_000_000, 4, 2.0) float32; ms per call.
  ///
  /// The record also carries the forward function alone (`forward_ms`, measured just before and
  /// just after, in the same process) for the ratio valueAndGrad ÷ forward, and `rss` /
  /// `rss_forward`: peak memory of one call in a fresh process (`PeakMemory`), as the peers'
  /// `--w4-rss`. `olympus-jit` is the jitted valueAndGrad, with `first_call_ms` and its own `rss`.
  static let w4ValueAndGrad = Workload(name: "W4", summary: "valueAndGrad of sum(exp(sin(x)) * x), float32 [10^7]") {
    context in
    let x = w4Input()
    let valueAndGradient = valueAndGrad(of: w4Function)
    let forwardBefore = context.harness.measure(RepetitionPlan()) { blackHole(w4Function(x)) }
    var memory: JSONMembers = []
    if !context.options.skipPeakMemory {
      memory = [
        ("rss", PeakMemory.inFreshProcess(arguments: ["--w4-rss", "olympus"])),
        ("rss_forward", PeakMemory.inFreshProcess(arguments: ["--w4-rss", "olympus-forward"])),
      ]
    }
    context.measureCall(
      "W4", extra: memory,
      describe: { (result: (value: Tensor, gradient: Tensor)) in
        [("value", .number(result.value.item(as: Double.self))), ("check", .number(checksum(result.gradient)))]
      },
      derived: { _ in
        // Measured here, right after valueAndGrad and before its record is written.
        let after = context.harness.measure(RepetitionPlan()) { blackHole(w4Function(x)) }
        let times = (forwardBefore.perCallSeconds + after.perCallSeconds).map { $0 * 1e3 }
        return [
          ("forward_ms", .number(median(of: times))),
          ("forward_ms_before", .number(median(of: forwardBefore.perCallSeconds) * 1e3)),
          ("forward_ms_after", .number(median(of: after.perCallSeconds) * 1e3)),
          ("forward_interference", .array([.object(forwardBefore.interference), .object(after.interference)])),
          ("forward_check", .number(w4Function(x).item(as: Double.self))),
        ]
      }
    ) { valueAndGradient(x) }

    // jax.jit(jax.value_and_grad(f)); its peak memory measured like the eager record's.
    let jitted = w4Jitted()
    let first = firstCall { jitted(x) }
    let jitMemory: JSONMembers =
      context.options.skipPeakMemory ? [] : [("rss", PeakMemory.inFreshProcess(arguments: ["--w4-rss", "olympus-jit"]))]
    context.measureCall(
      "W4", system: "olympus-jit", extra: first + jitMemory,
      describe: { (result: (Tensor, Tensor)) in
        [("value", .number(result.0.item(as: Double.self))), ("check", .number(checksum(result.1)))]
      }
    ) { jitted(x) }
  }

  /// W4's value and gradient under `jit`.
  static func w4Jitted() -> (Tensor) -> (Tensor, Tensor) {
    let valueAndGradient = valueAndGrad(of: w4Function)
    return jit { (x: Tensor) -> (Tensor, Tensor) in
      let result = valueAndGradient(x)
      return (result.value, result.gradient)
    }
  }

  /// W4's function, `sum(exp(sin(x)) * x)`.
  static func w4Function(_ x: Tensor) -> Tensor { (exp(sin(x)) * x).sum() }

  /// W4's input, det_uniform(10_000_000, 4, 2.0).
  static func w4Input() -> Tensor { DeterministicInputs.uniformTensor([10_000_000], seed: 4, scale: 2) }

  /// The fresh-process side of W4's memory measurement (`olympus-bench --w4-rss SYSTEM`):
  /// `olympus` calls valueAndGrad, `olympus-forward` the function alone, `olympus-jit` the jitted
  /// valueAndGrad, staged while preparing (as the peers compile outside the measured call); staging
  /// runs it once, so the pool's cached buffers are then freed.
  static func w4PeakMemoryChild(system: String) -> JSONValue {
    var x: Tensor?
    let valueAndGradient = valueAndGrad(of: w4Function)
    let prepare = { x = w4Input() }
    var members: JSONMembers
    switch system {
    case "olympus": members = PeakMemory.report(prepare: prepare) { valueAndGradient(x!) }
    case "olympus-forward": members = PeakMemory.report(prepare: prepare) { w4Function(x!) }
    case "olympus-jit":
      let jitted = w4Jitted()
      members = PeakMemory.report(prepare: {
        prepare()
        blackHole(jitted(x!))
        // Staging runs the function once; give its buffers back so the measured call starts as
        // cold as the eager child's.
        BufferPool.trim()
      }) { jitted(x!) }
    default: return .object([("error", .string("unknown W4 system \(system)"))])
    }
    members.append(("input_mb", .number(Double(10_000_000 * 4) / Double(1 << 20))))
    members.append(("system", .string(system)))
    return .object(members)
  }
}
