#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line progress bar for a training epoch, redrawn in place on a terminal (and printed once,
/// when the epoch ends, into a log):
/// `epoch 3/20 [██████████░░░░░░░░░░] 45/90 loss 0.2311 acc 93.8% 41200 ex/s`.
struct ProgressBar {
  let title: String
  let total: Int
  let width = 24
  private let start = monotonicSeconds()
  private let isTerminal = isatty(1) != 0

  init(title: String, total: Int) {
    self.title = title
    self.total = total
  }

  /// Redraws the bar after `done` of `total` steps.
  func update(done: Int, loss: Double, accuracy: Double, examples: Int) {
    guard isTerminal || done == total else { return }
    let filled = total == 0 ? width : width * done / total
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let rate = Double(examples) / Swift.max(monotonicSeconds() - start, 1e-9)
    let line = "\(title) [\(bar)] \(done)/\(total) loss \(format(loss, 4)) acc \(format(accuracy * 100, 1))% "
      + "\(Int(rate)) ex/s"
    print("\r" + line, terminator: "")
    fflush(nil)  // flushes every output stream, stdout included
  }

  /// Ends the line with the test accuracy reached after the epoch.
  func finish(testAccuracy: Double) { print(" test acc \(format(testAccuracy * 100, 1))%") }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// `value` with `digits` decimals.
func format(_ value: Double, _ digits: Int) -> String {
  guard value.isFinite else { return "\(value)" }
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  var text = "\(rounded)"
  if let dot = text.firstIndex(of: ".") {
    let decimals = text.distance(from: dot, to: text.endIndex) - 1
    if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
  } else if digits > 0 {
    text += "." + String(repeating: "0", count: digits)
  }
  return text
}
