import OlympusCore

/// Scales all updates down together when their global L2 norm exceeds a limit (PyTorch's
/// `clip_grad_norm_`, optax's `clip_by_global_norm`).
///
/// The norm is taken over every element of every update; the updates are multiplied by
/// `min(1, maxNorm / (norm + 1e-6))`, PyTorch's formula (optax divides by the norm itself; the
/// two differ by about 1e-6 relative). The factor stays a tensor, so the transformation works
/// under `grad` and `vmap` as well as eagerly.
public struct ClipByGlobalNorm: GradientTransformation {
  /// The largest global norm the updates keep.
  public var maxNorm: Double

  /// Clips to a global norm of `maxNorm`, which must not be negative.
  public init(maxNorm: Double) {
    check(maxNorm >= 0, OlympusError("ClipByGlobalNorm", "the maximum norm \(maxNorm) is negative"))
    self.maxNorm = maxNorm
  }

  /// No state.
  public func initialState(for parameters: [Tensor]) -> EmptyState { EmptyState() }

  /// Multiplies every update by `min(1, maxNorm / (globalNorm + 1e-6))`.
  public func update(_ updates: inout [Tensor?], state: inout EmptyState, parameters: [Tensor]) {
    guard let norm = globalNorm(ofLeaves: updates.compactMap { $0 }) else { return }
    let factor = minimum(maxNorm / (norm + 1e-6), 1)
    for index in updates.indices {
      guard let update = updates[index] else { continue }
      updates[index] = update * factor.astype(update.dtype)
    }
  }
}

/// The L2 norm of all elements of all tensors of `tree` together (optax's `global_norm`), as a 0-d
/// tensor of their promoted type; a `float32` zero for a tree without tensors.
public func globalNorm<T: TensorTree>(_ tree: T) -> Tensor {
  globalNorm(ofLeaves: tree.leaves) ?? Tensor(Float(0))
}

/// The global L2 norm of `leaves`; `nil` when there are none.
func globalNorm(ofLeaves leaves: [Tensor]) -> Tensor? {
  let squares = leaves.map { ($0 * $0).sum() }
  guard let first = squares.first else { return nil }
  return sqrt(squares.dropFirst().reduce(first, +))
}
