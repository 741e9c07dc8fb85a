import OlympusCore

/// Which public function is reading or writing which file: the two things every error names.
struct FileContext: Sendable {
  /// The public function, as users call it (`loadSafetensors(from:)`).
  let operation: String
  /// The file's path, or a description of in-memory bytes.
  let name: String

  /// An error naming the operation, the file and `problem`.
  func error(_ problem: String) -> OlympusError {
    OlympusError(operation, "\(name): \(problem)")
  }

  /// The context of a member of this archive.
  func member(_ member: String) -> FileContext {
    FileContext(operation: operation, name: "\(name) member \(member)")
  }
}
