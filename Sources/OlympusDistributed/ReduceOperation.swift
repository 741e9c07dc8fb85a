import OlympusCore

/// How a reducing collective combines the ranks' values, elementwise.
public enum ReduceOperation: Hashable, Sendable, CustomStringConvertible {
  /// The sum over ranks (numeric types).
  case sum
  /// The sum divided by the number of ranks (floating point).
  case mean
  /// The largest value (every type; logical or on `bool`).
  case max
  /// The smallest value (every type; logical and on `bool`).
  case min

  /// `sum`, `mean`, `max` or `min`.
  public var description: String {
    switch self {
    case .sum: "sum"
    case .mean: "mean"
    case .max: "max"
    case .min: "min"
    }
  }

  /// Whether the operation accepts elements of `dtype`.
  func accepts(_ dtype: DType) -> Bool {
    switch self {
    case .sum: dtype != .bool
    case .mean: dtype.isFloatingPoint
    case .max, .min: true
    }
  }

  /// The MPI operation (`mean` sums, then divides).
  func handle(_ library: MPILibrary) -> MPILibrary.Handle {
    switch self {
    case .sum, .mean: library.sum
    case .max: library.max
    case .min: library.min
    }
  }
}
