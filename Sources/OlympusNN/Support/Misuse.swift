import OlympusCore

/// Rejects a misused layer or function (a bad configuration or input rank) like any Olympus
/// operation: a thrown `OlympusError` inside `withErrorChecking`, a trap that prints
/// `Olympus: conv2d(_:weight:…): …` outside it. Returns the failed tensor that stands in for the
/// result.
@discardableResult
func misuse(_ operation: String, _ message: String) -> Tensor {
  reject(OlympusError(operation, message))
}
