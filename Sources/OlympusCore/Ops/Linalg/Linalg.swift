/// Linear algebra with derivatives (`jnp.linalg`, `torch.linalg`): factorizations, solves,
/// determinants and norms of matrices, batched over leading axes like NumPy (`[..., m, n]`).
///
/// Every operation is differentiable in forward and reverse mode to any order, batchable with
/// `vmap` and usable under `jit` and on the eager tape, like every other Olympus operation.
public enum Linalg {}
