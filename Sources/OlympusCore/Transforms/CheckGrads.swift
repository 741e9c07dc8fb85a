/// Which derivatives `checkGrads` compares.
public enum DifferentiationMode: Sendable, Hashable, CaseIterable {
  /// Jacobian–vector products against central finite differences.
  case forward
  /// Vector–Jacobian products against forward products, through `⟨u, J v⟩ = ⟨Jᵀu, v⟩`.
  case reverse
}

/// A derivative that disagrees with its finite-difference or forward-mode reference.
public struct GradientCheckFailure: Error, CustomStringConvertible {
  /// Which check failed, at which order.
  public var description: String
}

/// Checks the derivatives of `f` at `x` up to `order` (JAX's `check_grads`, PyTorch's
/// `gradcheck`): forward mode against central differences in a random direction, and reverse
/// mode against forward mode through `⟨u, J v⟩ = ⟨Jᵀu, v⟩` for a random cotangent `u`; orders
/// above one repeat the checks on the directional derivatives themselves.
///
/// Use `float64` inputs. The central difference with step `ε = 10⁻⁵` has truncation error
/// `ε²|f‴|/6 ≈ 10⁻¹¹` and rounding error `u|f|/ε ≈ 10⁻¹¹` relative to the values, so the default
/// tolerance `10⁻⁶` (relative, with the same absolute floor) leaves a wide margin while still
/// catching any wrong rule (those are off by order one).
///
/// - Throws: `GradientCheckFailure` naming the mode, the order and both values.
public func checkGrads(
  of f: @escaping (Tensor) -> Tensor, at x: Tensor, order: Int = 2,
  modes: Set<DifferentiationMode> = [.forward, .reverse], step: Double = 1e-5, tolerance: Double = 1e-6,
  seed: Int = 0
) throws {
  guard order >= 1 else { return }
  let keys = Random.split(Random.key(seed), count: 3)
  let v = Random.normal(keys[0], shape: x.shape, dtype: x.dtype)
  let (y, tangent) = jvp(at: x, along: v, of: f)
  let u = Random.normal(keys[1], shape: y.shape, dtype: y.dtype)

  func compare(_ got: Tensor, _ expected: Tensor, _ what: String) throws {
    let difference = abs(got - expected).max().item(as: Double.self)
    let scale = Swift.max(1, abs(expected).max().item(as: Double.self))
    guard difference <= tolerance * scale, !difference.isNaN else {
      throw GradientCheckFailure(
        description: "\(what) (order \(order)): got \(got), expected \(expected); largest difference \(difference)")
    }
  }

  if modes.contains(.forward) {
    let difference = (f(x + v * step) - f(x - v * step)) / (2 * step)
    try compare(tangent, difference, "forward mode vs central difference")
  }
  if modes.contains(.reverse) {
    let (_, pullback) = vjp(at: x, of: f)
    let reverse = (pullback(u) * v).sum()
    let forward = (u * tangent).sum()
    try compare(reverse, forward, "reverse mode ⟨Jᵀu, v⟩ vs forward mode ⟨u, J v⟩")
  }
  guard order > 1 else { return }
  if modes.contains(.forward) {
    try checkGrads(
      of: { jvp(at: $0, along: v, of: f).tangent }, at: x, order: order - 1, modes: modes, step: step,
      tolerance: tolerance, seed: seed + 1)
  }
  if modes.contains(.reverse) {
    try checkGrads(
      of: { vjp(at: $0, of: f).pullback(u) }, at: x, order: order - 1, modes: modes, step: step, tolerance: tolerance,
      seed: seed + 1)
  }
}
