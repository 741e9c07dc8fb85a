import OlympusCore

/// The state of a ``Chain``: the states of its two stages.
public struct ChainState<First: TensorTree & Sendable, Second: TensorTree & Sendable>: TensorTree, Sendable {
  /// The state of the first stage.
  public var first: First
  /// The state of the second stage.
  public var second: Second

  /// The states of both stages.
  public init(first: First, second: Second) {
    self.first = first
    self.second = second
  }
}
