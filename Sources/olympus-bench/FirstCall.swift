/// The cost of a jitted function's first call, as the JAX peers' `jit_info` reports it:
/// `extra.first_call_ms` is one call of a freshly jitted function (staging, graph passes and the
/// first run). Steady-state timings of `olympus-jit` systems are measured after it, so they
/// exclude staging.
func firstCall<Result>(_ call: () -> Result) -> JSONMembers {
  let start = now()
  blackHole(call())
  return [("first_call_ms", .number((now() - start) * 1e3))]
}
