import OlympusCore

/// The state of a transformation that remembers nothing (a tree without leaves).
public struct EmptyState: TensorTree, Sendable, Equatable {
  /// The empty state.
  public init() {}
}
