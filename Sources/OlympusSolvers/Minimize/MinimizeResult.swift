import OlympusCore

/// What ``minimize(_:initial:method:options:)`` found, and why it stopped.
public struct MinimizeResult<P: TensorTree> {
  /// The best parameters found, as a tree of the initial value's type.
  public var parameters: P
  /// The loss at `parameters`.
  public var value: Double
  /// ‖∇f‖₂ at `parameters`.
  public var gradientNorm: Double
  /// The accepted steps taken.
  public var iterations: Int
  /// Evaluations of the loss with its gradient, the initial one included.
  public var evaluations: Int
  /// Hessian–vector products (`.newtonCG` only).
  public var hessianProducts: Int
  /// Whether a convergence test (gradient, value or step tolerance) stopped the iteration.
  public var converged: Bool
  /// Why the iteration stopped, in words.
  public var reason: String
}
