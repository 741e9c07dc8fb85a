import OlympusCore

/// The state of a transformation that only counts its updates (to evaluate a schedule).
public struct CountState: TensorTree, Sendable {
  /// Updates made so far, an int64 scalar tensor: the step the schedule is evaluated at.
  public var count: Tensor

  /// A count of `count` updates.
  public init(count: Int = 0) { self.count = Tensor(count) }
}
