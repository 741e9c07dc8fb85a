import OlympusCore

/// Two transformations applied one after the other: the second transforms the first's updates
/// (optax's `chain`). Longer chains nest; ``chain(_:)`` builds them from a list.
public struct Chain<First: GradientTransformation, Second: GradientTransformation>: GradientTransformation {
  /// The stage applied first.
  public var first: First
  /// The stage applied to the first stage's updates.
  public var second: Second

  /// `first`, then `second`.
  public init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }

  /// The initial states of both stages.
  public func initialState(for parameters: [Tensor]) -> ChainState<First.State, Second.State> {
    ChainState(first: first.initialState(for: parameters), second: second.initialState(for: parameters))
  }

  /// Runs the first stage, then the second on its updates.
  public func update(
    _ updates: inout [Tensor?], state: inout ChainState<First.State, Second.State>, parameters: [Tensor]
  ) {
    first.update(&updates, state: &state.first, parameters: parameters)
    second.update(&updates, state: &state.second, parameters: parameters)
  }
}

/// Builds a ``Chain`` from the transformations listed in a `chain { … }` block, in order.
@resultBuilder
public enum ChainBuilder {
  /// A chain of one transformation is the transformation.
  public static func buildPartialBlock<T: GradientTransformation>(first: T) -> T { first }

  /// The chain so far followed by the next transformation.
  public static func buildPartialBlock<Accumulated: GradientTransformation, Next: GradientTransformation>(
    accumulated: Accumulated, next: Next
  ) -> Chain<Accumulated, Next> {
    Chain(accumulated, next)
  }
}

/// The transformations of the block applied in order, each to the previous one's updates.
///
/// ```swift
/// let optimizer = chain {
///   ClipByGlobalNorm(maxNorm: 1)
///   AddDecayedWeights(1e-4)
///   SGD(learningRate: 0.1, momentum: 0.9)
/// }
/// ```
public func chain<T: GradientTransformation>(@ChainBuilder _ transformations: () -> T) -> T {
  transformations()
}
