import OlympusCore

/// Stops the program for a misused layer or function (a bad configuration or input rank), with
/// the message format of OlympusCore's rejections: `Olympus: conv2d(_:weight:…): …`.
///
/// OlympusCore's own rejection (which becomes a thrown error inside `withErrorChecking`) is not
/// public; shapes that reach a core operation are still rejected there in the usual way.
func misuse(_ operation: String, _ message: String) -> Never {
  fatalError("Olympus: \(OlympusError(operation, message))")
}
