/// A problem with an operation's arguments: mismatched shapes or types, an out-of-range axis or
/// index, or a value that cannot be read.
///
/// The message names the operation and the shapes involved, for example
/// `matmul: [3,4] × [5,2]: inner dimensions 4 and 5 differ`.
public struct OlympusError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The operation that rejected its arguments, as users call it (`matmul`, `reshaped(to:)` …).
  public var operation: String
  /// What was wrong, with the shapes and types involved.
  public var message: String

  /// Creates an error for `operation`.
  public init(_ operation: String, _ message: String) {
    self.operation = operation
    self.message = message
  }

  /// `operation: message`.
  public var description: String { "\(operation): \(message)" }
}
