/// The command line of `olympus-bench`, parsed by hand (the package has no dependencies).
///
/// The flags mirror the peer scripts' (`shared/benchmarks/peers/_common.py`), so one set of
/// arguments drives both; workloads are given as positional names or with `--only`.
struct Options: Sendable {
  /// Upper-cased workload names to run, in the order given; empty means all.
  var workloads: [String] = []
  /// Appended to every system name (`olympus` + suffix).
  var systemSuffix = ""
  /// Few repetitions and no waiting: a smoke test whose numbers are not valid.
  var quick = false
  /// Whether to wait for other processes to go idle before each measurement.
  var quietWait = true
  /// Largest fraction of the machine used by others that counts as quiet.
  var quietThreshold = 0.10
  /// Seconds to wait for quiet, per measurement.
  var maxQuietWait = 60.0
  /// Re-measurements allowed when others used more than `retryAbove` meanwhile.
  var retries = 2
  /// Foreign CPU fraction above which a measurement is repeated.
  var retryAbove = 0.05
  /// Skip W4's peak-memory measurement in a fresh process.
  var skipPeakMemory = false
  /// Internal: measure W4's peak memory for this system in this (fresh) process, print one JSON
  /// object and exit (the peers' `--w4-rss SYSTEM`).
  var peakMemoryChild: String?
  /// Internal: measure W10's peak memory for this system in this (fresh) process (`--w10-rss`).
  var w10PeakMemoryChild: String?
  /// Internal: measure W11's peak memory for this system in this (fresh) process, print one JSON
  /// object and exit.
  var transformerMemoryChild: String?
  /// Internal: measure A1's peak memory for `tiled:LENGTH` or `dense:LENGTH` in this (fresh)
  /// process, print one JSON object and exit.
  var attentionMemoryChild: String?
  /// Internal: measure J1's peak memory for this many RK4 steps in this (fresh) process, print one
  /// JSON object and exit.
  var compileMemoryChild: Int?
  /// Print the workloads and exit.
  var listOnly = false
  /// Print the usage and exit.
  var helpOnly = false

  /// How to call the program.
  static let usage = """
    usage: olympus-bench [WORKLOAD ...] [--only W1,W7] [--system-suffix S] [--quick]
                         [--no-quiet-wait] [--quiet-threshold F] [--max-quiet-wait S]
                         [--retries N] [--retry-above F] [--no-rss] [--list] [--help]
    Prints one JSON line per workload and system on stdout and an `ENV {...}` line on stderr,
    in the format of shared/benchmarks/peers (README.md there). No workload named: all of them.
    """

  /// Parses `arguments` (without the program name).
  init(arguments: [String]) throws(UsageError) {
    var remaining = arguments[...]
    while let argument = remaining.popFirst() {
      guard argument.hasPrefix("--") else {
        workloads.append(argument.uppercased())
        continue
      }
      let (flag, inlineValue) = Options.split(argument)
      func value() throws(UsageError) -> String {
        if let inlineValue { return inlineValue }
        guard let next = remaining.popFirst() else { throw UsageError("\(flag) needs a value") }
        return next
      }
      switch flag {
      case "--only":
        workloads += try value().split(separator: ",").map { $0.trimmingSpaces.uppercased() }.filter { !$0.isEmpty }
      case "--system-suffix": systemSuffix = try value()
      case "--quick": quick = true
      case "--no-quiet-wait": quietWait = false
      case "--quiet-threshold": quietThreshold = try Options.number(flag, try value())
      case "--max-quiet-wait": maxQuietWait = try Options.number(flag, try value())
      case "--retries": retries = Swift.max(0, Int(try Options.number(flag, try value())))
      case "--retry-above": retryAbove = try Options.number(flag, try value())
      case "--no-rss": skipPeakMemory = true
      case "--w4-rss": peakMemoryChild = try value()
      case "--w10-rss": w10PeakMemoryChild = try value()
      case "--w11-rss": transformerMemoryChild = try value()
      case "--a1-rss": attentionMemoryChild = try value()
      case "--j1-rss": compileMemoryChild = Int(try Options.number(flag, try value()))
      case "--list": listOnly = true
      case "--help", "-h": helpOnly = true
      default: throw UsageError("unknown option \(flag)")
      }
    }
    if quick { quietWait = false }
  }

  /// `--flag=value` as (`--flag`, `value`); `--flag` as (`--flag`, nil).
  private static func split(_ argument: String) -> (String, String?) {
    guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }

  /// `text` as a number, or a usage error naming `flag`.
  private static func number(_ flag: String, _ text: String) throws(UsageError) -> Double {
    guard let number = Double(text), number.isFinite else { throw UsageError("\(flag) expects a number, got \(text)") }
    return number
  }
}

/// A command line that cannot be understood.
struct UsageError: Error {
  /// What is wrong.
  let message: String
  init(_ message: String) { self.message = message }
}

extension Substring {
  /// The text without leading and trailing spaces.
  fileprivate var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
