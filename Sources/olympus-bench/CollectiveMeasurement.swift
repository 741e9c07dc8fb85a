import Olympus

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension BenchContext {
  /// Measures a collective workload on every rank of an `mpirun` job: `warmup` untimed calls, then
  /// `repetitions` timed calls, each after a barrier, each taking the slowest rank's time (an
  /// all-reduce of the maximum). A fixed count, not the time-based plan of `measureCall`: every
  /// rank must make the same calls. `derived` adds members computed from the per-call seconds;
  /// `extra.interference` gives the CPU that processes other than the ranks used meanwhile.
  /// Rank 0 emits the record (the others' standard output is
  /// discarded); the quiet wait does not apply, since the ranks themselves load the machine.
  func measureCollective(
    _ workload: String, system: String, repetitions: Int = 20, warmup: Int = 3, extra: JSONMembers,
    derived: ([Double]) -> JSONMembers = { _ in [] }, _ call: () -> Void
  ) {
    let count = options.quick ? 3 : repetitions
    for _ in 0..<(options.quick ? 1 : warmup) { call() }
    var times: [Double] = []
    let before = CPUSample.take()
    for _ in 0..<count {
      Distributed.barrier()
      let start = now()
      call()
      let local = now() - start
      times.append(Distributed.allReduce(Tensor([local]), op: .max).item(as: Double.self))
    }
    let after = CPUSample.take()
    let fraction = jobForeignFraction(from: before, to: after)
    var interference: JSONMembers = [("ranks", .integer(Distributed.size)), ("foreign_cpu_frac", .optional(fraction))]
    if let before, let after {
      interference += [("steal_s", .number(after.steal - before.steal)), ("measured_s", .number(rounded(after.wall - before.wall, digits: 3)))]
    }
    let measurement = Measurement(perCallSeconds: times, interference: interference, foreignFraction: fraction)
    reporter.emit(workload, system: system, measurement, extra: extra + derived(times))
  }
}

/// The fraction of the machine's CPU that processes other than this job's ranks used from `before`
/// to `after`: every rank calls it, since it sums the ranks' own CPU seconds (an all-reduce). `nil`
/// without `/proc/stat`, or when some ranks run on other machines (their CPU time is not this
/// machine's).
private func jobForeignFraction(from before: CPUSample?, to after: CPUSample?) -> Double? {
  let own = before.flatMap { first in after.map { $0.own - first.own } } ?? 0
  let jobSeconds = Distributed.allReduce(Tensor([own]), op: .sum).item(as: Double.self)
  let localRanks = getenv("OMPI_COMM_WORLD_LOCAL_SIZE").flatMap { Int(String(cString: $0)) } ?? 1
  guard let before, let after, localRanks == Distributed.size else { return nil }
  return before.foreignFraction(until: after, ownSeconds: jobSeconds)
}

/// Starts MPI for the collective workloads when the process runs under `mpirun` (Open MPI sets
/// `OMPI_COMM_WORLD_SIZE` in every rank's environment); ranks other than 0 discard their
/// standard output, so only rank 0's records appear. Returns whether this is an MPI job.
func startCollectiveWorkloads() -> Bool {
  guard getenv("OMPI_COMM_WORLD_SIZE") != nil else { return false }
  do {
    try Distributed.initialize()
  } catch {
    printError("olympus-bench: \(error)")
    exit(1)
  }
  if Distributed.rank != 0 { _ = dup2(open("/dev/null", O_WRONLY), STDOUT_FILENO) }
  return true
}
