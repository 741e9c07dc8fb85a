import Olympus

/// The inputs of the linear-algebra workloads L1–L6, float64 built from the peers' float32
/// `det_uniform` values (exactly), as `Benchmarks/peers/linalg_bench.py` builds them.
enum LinalgInputs {
  /// `det_uniform(shape, seed, 2.0)` as float64.
  static func uniform(_ shape: [Int], seed: Int) -> Tensor {
    DeterministicInputs.uniformTensor(shape, seed: seed, scale: 2).astype(.float64)
  }

  /// `det_uniform((..., n, n), seed, 2.0) + n·I`: diagonally dominant, well conditioned.
  static func dominant(_ shape: [Int], seed: Int) -> Tensor {
    let n = shape[shape.count - 1]
    return uniform(shape, seed: seed) + Tensor.eye(n, dtype: .float64) * Double(n)
  }

  /// `B·Bᵀ/n + I` with `B = det_uniform((n, n), seed, 2.0)`: symmetric positive definite.
  static func positiveDefinite(_ n: Int, seed: Int) -> Tensor {
    let b = uniform([n, n], seed: seed)
    return matmul(b, b.transposed()) / Double(n) + Tensor.eye(n, dtype: .float64)
  }
}
