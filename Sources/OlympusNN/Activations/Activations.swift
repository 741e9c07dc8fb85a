import OlympusCore

/// The rectified linear unit `max(x, 0)`; NaN stays NaN and the derivative at 0 is 0 (as in
/// PyTorch).
public func relu(_ x: Tensor) -> Tensor {
  select(x .<= 0, 0, x)
}

/// `x` for positive `x`, `negativeSlope·x` otherwise (PyTorch's `leaky_relu`; the derivative at 0
/// is `negativeSlope`, as in PyTorch).
public func leakyRelu(_ x: Tensor, negativeSlope: Double = 0.01) -> Tensor {
  select(x .> 0, x, x * negativeSlope)
}

/// The exponential linear unit: `x` for positive `x`, `alpha·(eˣ − 1)` otherwise (PyTorch's
/// `elu`).
public func elu(_ x: Tensor, alpha: Double = 1) -> Tensor {
  let positive = x .> 0
  // The exponential sees only non-positive arguments, so the unused branch never overflows.
  return select(positive, x, alpha * expm1(select(positive, 0, x)))
}

/// The sigmoid linear unit (swish) `x·σ(x)`.
public func silu(_ x: Tensor) -> Tensor {
  x * sigmoid(x)
}

/// `log(1 + e^(βx)) / β`, and `x` where `βx > threshold` (PyTorch's `softplus` with its
/// defaults β = 1, threshold = 20). Computed without overflow for any `x`.
public func softplus(_ x: Tensor, beta: Double = 1, threshold: Double = 20) -> Tensor {
  let scaled = x * beta
  return select(scaled .> threshold, x, stableSoftplus(scaled) / beta)
}

/// `log σ(x) = −log(1 + e⁻ˣ)`, finite for every finite `x` (PyTorch's `logsigmoid`).
public func logSigmoid(_ x: Tensor) -> Tensor {
  -stableSoftplus(-x)
}

/// `log(1 + eˣ)` without overflow: `x + log1p(e⁻ˣ)` for positive `x`, `log1p(eˣ)` otherwise. Each
/// branch's exponential sees only non-positive arguments (`select` zeroes the other's), so neither
/// overflows and no NaN reaches the gradient, and the derivatives are exact at 0 too.
func stableSoftplus(_ x: Tensor) -> Tensor {
  let positive = x .> 0
  let above = select(positive, x, 0)
  let below = select(positive, 0, x)
  return select(positive, above + log1p(exp(-above)), log1p(exp(below)))
}
