import OlympusCore

/// A float64 matrix `[rows, columns]` of standard normal entries from seed `seed`.
func randomMatrix(_ rows: Int, _ columns: Int, seed: Int) -> Tensor {
  Random.normal(Random.key(seed), shape: [rows, columns], dtype: .float64)
}

/// A float64 vector of standard normal entries from seed `seed`.
func randomVector(_ count: Int, seed: Int) -> Tensor {
  Random.normal(Random.key(seed), shape: [count], dtype: .float64)
}

/// `‖got − want‖_max / ‖want‖_max`.
func relativeError(_ got: Tensor, _ want: Tensor) -> Double {
  abs(got - want).max().item() / abs(want).max().item()
}

/// The 2-norm condition number of a matrix, from its singular values.
func conditionNumber(_ matrix: Tensor) -> Double {
  let s = Linalg.svd(matrix).s.scalars(as: Double.self)
  return s.first! / s.last!
}
