/// Whether ``leastSquares(residuals:initial:method:options:)`` stages the residual function, its
/// dense Jacobian and its second directional derivative with `jit` (once per call) and replays
/// them compiled, with elementwise operations fused. Staging pays off most on small problems,
/// where dispatching each operation eagerly dominates.
///
/// Staging accepts the same residual functions as differentiation does (both reject reading the
/// parameters' values as Swift numbers), but a staged function runs its Swift code once, while
/// it is traced: side effects inside it (a counter of calls, a print) happen at staging, not at
/// every evaluation.
public enum LeastSquaresCompilation: Sendable, Equatable {
  /// Stage dense problems' functions (after the first residual evaluation, which decides
  /// whether the Jacobian is formed); matrix-free problems run eagerly.
  case automatic
  /// Stage from the start, the residual function of matrix-free problems too (their Jacobian
  /// products then replay the staged graph operation by operation).
  case jit
  /// Never stage.
  case eager
}
