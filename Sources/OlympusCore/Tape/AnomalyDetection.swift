#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs `body` with anomaly detection (PyTorch's `detect_anomaly`): every operation recorded on the
/// tape keeps the call stack of its forward call, and a backward pass checks each gradient it
/// computes; the first NaN or infinity is rejected with the name of the backward node that
/// produced it and that node's forward call stack.
///
/// It makes recording and backward passes slower; use it to find the source of a NaN.
public func withAnomalyDetection<Result>(_ body: () throws -> Result) rethrows -> Result {
  let context = ThreadContext.current
  let saved = context.isAnomalyDetectionEnabled
  context.isAnomalyDetectionEnabled = true
  defer { context.isAnomalyDetectionEnabled = saved }
  return try body()
}

/// The symbolized call stack of the caller, from the C library's `backtrace` and
/// `backtrace_symbols` (looked up at run time; empty where the C library lacks them).
func currentCallStack() -> String {
  typealias Capture = @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>, Int32) -> Int32
  typealias Symbolize = @convention(c) (UnsafePointer<UnsafeMutableRawPointer?>, Int32) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
  >?
  guard let library = dlopen(nil, RTLD_NOW), let captureSymbol = dlsym(library, "backtrace"),
    let symbolizeSymbol = dlsym(library, "backtrace_symbols")
  else { return "" }
  let capture = unsafeBitCast(captureSymbol, to: Capture.self)
  let symbolize = unsafeBitCast(symbolizeSymbol, to: Symbolize.self)
  var frames = [UnsafeMutableRawPointer?](repeating: nil, count: 48)
  let count = capture(&frames, Int32(frames.count))
  guard let symbols = symbolize(&frames, count) else { return "" }
  defer { free(symbols) }
  return (0..<Int(count)).compactMap { symbols[$0].map { String(cString: $0) } }.joined(separator: "\n")
}
