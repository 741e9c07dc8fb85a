import OlympusCore

/// `max|got − expected| / max|expected|`: the error relative to the expected tensor's scale.
func relativeError(_ got: Tensor, _ expected: Tensor) -> Double {
  let difference = abs(got.astype(.float64) - expected.astype(.float64)).max().item(as: Double.self)
  let scale = abs(expected.astype(.float64)).max().item(as: Double.self)
  return difference / max(scale, .leastNormalMagnitude)
}

/// Standard normal float64 numbers from `seed`.
func normal(_ seed: Int, _ shape: [Int]) -> Tensor {
  Random.normal(Random.key(seed), shape: shape, dtype: .float64)
}
