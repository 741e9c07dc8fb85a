import OlympusCore

/// The Gaussian error linear unit `x·Φ(x)`, with `Φ` the standard normal distribution function.
///
/// - `approximate: false` (the default, matching PyTorch's default `approximate='none'`): the
///   exact form `x·½·erfc(−x/√2)`, with `erfc` built from elementwise operations (a polynomial in
///   `2/(2 + |x|/√2)` inside an exponential; relative error about 10⁻¹⁵ in `float64` and a few
///   `float32` ulps), so all transformations differentiate it. It takes about 30 elementwise
///   passes in `float32` and 55 in `float64`, several times the cost of the tanh form.
/// - `approximate: true`: PyTorch's `approximate='tanh'` (JAX's default),
///   `½x·(1 + tanh(√(2/π)·(x + 0.044715x³)))`.
public func gelu(_ x: Tensor, approximate: Bool = false) -> Tensor {
  if approximate {
    let inner = (2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)
    return 0.5 * x * (1 + tanh(inner))
  }
  // Φ(x) = Q(−x) for x ≤ 0 and 1 − Q(x) above, so the tail Q only ever sees |x|. The reflection
  // is a `select` (not `abs`) so that the derivative at 0 is right too.
  let nonPositive = x .<= 0
  let tail = normalTail(select(nonPositive, -x, x))
  return x * select(nonPositive, tail, 1 - tail)
}
