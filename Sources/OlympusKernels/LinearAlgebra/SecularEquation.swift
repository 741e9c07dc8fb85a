/// The roots of the secular equation `f(λ) = 1 + Σᵢ wᵢ/(dᵢ − λ) = 0` (wᵢ > 0, d strictly
/// ascending), the eigenvalues of `diag(d) + ρ·z·zᵀ` with `wᵢ = ρ·zᵢ²`: one root in each gap
/// `(dⱼ, dⱼ₊₁)` and one in `(d_{k−1}, d_{k−1} + Σw)`.
///
/// Each root is returned as its distance `τ` from the nearer end of its interval (the `origin`),
/// so that the differences `dᵢ − λ = (dᵢ − d_origin) − τ` that the eigenvectors need keep their
/// relative accuracy (Gu & Eisenstat 1995; LAPACK's `dlaed4` does the same). The iteration models
/// the two nearest poles and the rest by matching value and slope, and solves the model's quadratic
/// (Li's "middle way", quadratically convergent), inside a bracket that falls back to bisection.
enum SecularEquation {
  /// Root `j` of the equation with poles `d[0..<k]` and weights `w[0..<k]`; `differences` is
  /// scratch of `k` elements.
  static func root<T: BinaryFloatingPoint>(
    _ j: Int, d: UnsafePointer<T>, w: UnsafePointer<T>, k: Int, differences: UnsafeMutablePointer<T>
  ) -> (origin: Int, tau: T) {
    let last = j == k - 1
    var origin = j
    var (low, high): (T, T)
    if last {
      var total: T = 0
      for i in 0..<k { total += w[i] }
      (low, high) = (0, total)
    } else {
      // The sign of f at the middle of the gap says which end the root is nearer.
      let half = (d[j + 1] - d[j]) / 2
      var f: T = 1
      for i in 0..<k { f += w[i] / ((d[i] - d[j]) - half) }
      if f >= 0 {
        (low, high) = (0, half)
      } else {
        origin = j + 1
        (low, high) = (-half, 0)
      }
    }
    for i in 0..<k { differences[i] = d[i] - d[origin] }
    let epsilon = T.ulpOfOne
    var tau = (low + high) / 2
    for iteration in 0..<200 {
      // ψ sums the poles left of the root (negative terms), φ those right of it (positive).
      var (psi, slopePsi, phi, slopePhi): (T, T, T, T) = (0, 0, 0, 0)
      for i in 0...j {
        let inverse = 1 / (differences[i] - tau)
        let term = w[i] * inverse
        psi += term
        slopePsi += term * inverse
      }
      for i in (j + 1)..<max(k, j + 1) {
        let inverse = 1 / (differences[i] - tau)
        let term = w[i] * inverse
        phi += term
        slopePhi += term * inverse
      }
      let f = 1 + psi + phi
      // The rounding error of f (the bound of `dlaed4`).
      let error = epsilon * (8 * (phi - psi) + 1 + abs(tau) * (slopePsi + slopePhi))
      if abs(f) <= error { break }
      if f < 0 { low = tau } else { high = tau }
      if high - low <= 2 * epsilon * max(abs(low), abs(high)) { break }
      let left = differences[j] - tau
      let b1 = slopePsi * left * left
      var next: T
      if last {
        let c = 1 + psi - b1 / left
        next = c > 0 ? differences[j] + b1 / c : .nan
      } else {
        let right = differences[j + 1] - tau
        let b2 = slopePhi * right * right
        let c = 1 + (psi - b1 / left) + (phi - b2 / right)
        next = modelRoot(c: c, p: differences[j], q: differences[j + 1], b1: b1, b2: b2)
      }
      // Bisection when the model leaves the bracket, and every eighth step (slow one-sided
      // convergence).
      if !(next > low && next < high) || iteration % 8 == 7 { next = (low + high) / 2 }
      tau = next
    }
    return (origin, tau)
  }

  /// The root in `(p, q)` of `c·(p − x)(q − x) + b1·(q − x) + b2·(p − x) = 0` (b1, b2 > 0, one
  /// of p and q zero), the model's equation multiplied out; NaN when it has none.
  private static func modelRoot<T: BinaryFloatingPoint>(c: T, p: T, q: T, b1: T, b2: T) -> T {
    let b = c * (p + q) + b1 + b2
    let constant = c * p * q + b1 * q + b2 * p
    let root = max(b * b - 4 * c * constant, 0).squareRoot()
    // Both roots without cancellation; the one inside the interval is the answer.
    let (first, second): (T, T) =
      b >= 0 ? ((b + root) / (2 * c), 2 * constant / (b + root)) : (2 * constant / (b - root), (b - root) / (2 * c))
    if first > p && first < q { return first }
    if second > p && second < q { return second }
    return .nan
  }
}
