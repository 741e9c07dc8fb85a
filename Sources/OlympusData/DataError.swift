/// A data file that is missing or malformed.
public struct DataError: Error, CustomStringConvertible {
  /// What is wrong, with the file and the line where it applies.
  public var description: String

  /// Creates an error describing the problem.
  public init(_ description: String) { self.description = description }
}
