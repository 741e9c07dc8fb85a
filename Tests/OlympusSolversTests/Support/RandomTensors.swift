import OlympusCore

/// Standard normal float64 numbers of any shape (a scalar too) from `seed`; `randomMatrix` and
/// `randomVector` are its rank-2 and rank-1 cases.
func normal(_ seed: Int, _ shape: [Int]) -> Tensor {
  Random.normal(Random.key(seed), shape: shape, dtype: .float64)
}
