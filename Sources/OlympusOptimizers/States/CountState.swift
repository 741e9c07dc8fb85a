import OlympusCore

/// The state of a transformation that only counts its updates (to evaluate a schedule).
public struct CountState: TensorTree, Sendable, Equatable {
  /// Updates made so far; the schedule is evaluated at this step.
  public var count: Int

  /// A count of `count` updates.
  public init(count: Int = 0) { self.count = count }
}
