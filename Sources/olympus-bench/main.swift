#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// olympus-bench: the project's side of the peer benchmarks (shared/benchmarks/peers/README.md).
// One JSON line per workload and system on stdout, `ENV {...}` on stderr. See Options.usage.

/// Writes `text` and a newline to stderr.
func printError(_ text: String) {
  let line = Array((text + "\n").utf8)
  _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

let options: Options
do {
  options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
  printError("olympus-bench: \(error.message)\n\(Options.usage)")
  exit(2)
}
if options.helpOnly {
  print(Options.usage)
  exit(0)
}
if let system = options.peakMemoryChild {
  // A fresh process started by W4 itself: measure, print one JSON object, exit.
  print(Workload.w4PeakMemoryChild(system: system).text)
  exit(0)
}
if let system = options.w10PeakMemoryChild {
  print(Workload.w10PeakMemoryChild(system: system).text)
  exit(0)
}
if let system = options.transformerMemoryChild {
  // A fresh process started by W11 itself: measure, print one JSON object, exit.
  print(Workload.w11PeakMemoryChild(system: system).text)
  exit(0)
}
if let argument = options.attentionMemoryChild {
  // A fresh process started by A1 itself: measure, print one JSON object, exit.
  print(Workload.a1PeakMemoryChild(argument).text)
  exit(0)
}
if let steps = options.compileMemoryChild {
  // A fresh process started by J1 itself: measure, print one JSON object, exit.
  print(Workload.j1PeakMemoryChild(steps: steps).text)
  exit(0)
}
if options.listOnly {
  for workload in WorkloadRegistry.all { print("\(workload.name)  \(workload.summary)") }
  exit(0)
}

var selected: [Workload] = []
for name in options.workloads {
  guard let workload = WorkloadRegistry.named(name) else {
    let known = WorkloadRegistry.all.map(\.name).joined(separator: " ")
    printError("olympus-bench: unknown workload \(name); known: \(known)")
    exit(2)
  }
  selected.append(workload)
}
if selected.isEmpty { selected = WorkloadRegistry.all }

// Under mpirun (D1, D2): MPI started (before any kernel runs, so that the ranks share the
// cores), and only rank 0's records printed.
_ = startCollectiveWorkloads()

let failures = DeterministicInputs.selfCheckFailures()
guard failures.isEmpty else {
  printError("olympus-bench: deterministic inputs differ from the peer README:\n" + failures.joined(separator: "\n"))
  exit(1)
}

printError("ENV " + BenchEnvironment.describe(workloads: selected).text)
let context = BenchContext(
  harness: Harness(options: options), reporter: Reporter(systemSuffix: options.systemSuffix), options: options)
for workload in selected { workload.run(context) }
