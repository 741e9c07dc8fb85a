import OlympusCore

/// The result of an iterative linear solver.
public struct LinearSolution {
  /// The approximate solution.
  public let solution: Tensor
  /// How many iterations (operator applications, or pairs of them for LSQR/LSMR) ran.
  public let iterations: Int
  /// The norm of the final residual `b − A·x` (for LSQR/LSMR with damping, of the damped system
  /// `[b; 0] − [A; damping·I]·x`), as the solver estimates it.
  public let residualNorm: Double
  /// Whether a stopping test on the tolerances was met (not the iteration limit or a breakdown).
  public let converged: Bool
  /// Why the solver stopped, in words.
  public let reason: String
}

/// The Euclidean norm of a vector as a `Double`.
func vectorNorm(_ v: Tensor) -> Double { dot(v, v).item().squareRoot() }

/// The inner product of two vectors as a `Double`.
func innerProduct(_ a: Tensor, _ b: Tensor) -> Double { dot(a, b).item() }

/// A Givens rotation `(c, s, r)` with `[c s; −s c]·[a; b] = [r; 0]` and `r ≥ 0`, computed without
/// overflow (Paige and Saunders' `SymOrtho`).
func symmetricOrthogonal(_ a: Double, _ b: Double) -> (c: Double, s: Double, r: Double) {
  if b == 0 { return (a < 0 ? -1 : 1, 0, Swift.abs(a)) }
  if a == 0 { return (0, b < 0 ? -1 : 1, Swift.abs(b)) }
  if Swift.abs(b) > Swift.abs(a) {
    let tau = a / b
    let s = (b < 0 ? -1.0 : 1.0) / (1 + tau * tau).squareRoot()
    return (s * tau, s, b / s)
  }
  let tau = b / a
  let c = (a < 0 ? -1.0 : 1.0) / (1 + tau * tau).squareRoot()
  return (c, c * tau, a / c)
}
