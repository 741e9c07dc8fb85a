/// One entry of a subscript: an index, a strided range, a new axis or an ellipsis (NumPy's basic
/// indexing).
///
/// ```swift
/// x[1]                       // drops axis 0
/// x[1..<3, -1]               // rows 1 and 2 of the last column
/// x[.slice(step: -1)]        // reversed along axis 0
/// x[.ellipsis, .newAxis]     // adds a trailing axis
/// ```
public enum TensorIndex: Sendable, Hashable {
  /// One position; negative counts from the end. The axis is removed.
  case index(Int)
  /// Python's `start:end:step`; `nil` bounds mean the whole extent in the step's direction,
  /// negative bounds count from the end, and bounds past the ends are clamped.
  case range(start: Int?, end: Int?, step: Int)
  /// A new axis of size 1 (spelled `.newAxis` in subscripts).
  case insertedAxis
  /// As many whole axes as the other entries leave, at most once per subscript (spelled
  /// `.ellipsis`).
  case remainingAxes
}

extension TensorIndexConvertible where Self == TensorIndex {
  /// Every element of an axis (Python's `:`).
  public static var all: TensorIndex { .range(start: nil, end: nil, step: 1) }

  /// Python's `start:end:step`.
  public static func slice(_ start: Int? = nil, _ end: Int? = nil, step: Int = 1) -> TensorIndex {
    .range(start: start, end: end, step: step)
  }

  /// A new axis of size 1 (NumPy's `newaxis`).
  public static var newAxis: TensorIndex { .insertedAxis }

  /// As many whole axes as the other entries leave (Python's `...`).
  public static var ellipsis: TensorIndex { .remainingAxes }
}

/// A value usable in a tensor subscript.
public protocol TensorIndexConvertible {
  /// The subscript entry the value stands for.
  var tensorIndex: TensorIndex { get }
}

extension TensorIndex: TensorIndexConvertible {
  /// Itself.
  public var tensorIndex: TensorIndex { self }
}

extension Int: TensorIndexConvertible {
  /// `.index(self)`.
  public var tensorIndex: TensorIndex { .index(self) }
}

extension Range<Int>: TensorIndexConvertible {
  /// `lowerBound ..< upperBound` with step 1.
  public var tensorIndex: TensorIndex { .range(start: lowerBound, end: upperBound, step: 1) }
}

extension ClosedRange<Int>: TensorIndexConvertible {
  /// `lowerBound ... upperBound` with step 1 (an upper bound of -1 means "through the last").
  public var tensorIndex: TensorIndex {
    .range(start: lowerBound, end: upperBound == -1 ? nil : upperBound + 1, step: 1)
  }
}

extension PartialRangeFrom<Int>: TensorIndexConvertible {
  /// From `lowerBound` to the end.
  public var tensorIndex: TensorIndex { .range(start: lowerBound, end: nil, step: 1) }
}

extension PartialRangeUpTo<Int>: TensorIndexConvertible {
  /// From the start up to `upperBound`.
  public var tensorIndex: TensorIndex { .range(start: nil, end: upperBound, step: 1) }
}

extension PartialRangeThrough<Int>: TensorIndexConvertible {
  /// From the start through `upperBound`.
  public var tensorIndex: TensorIndex { .range(start: nil, end: upperBound == -1 ? nil : upperBound + 1, step: 1) }
}
