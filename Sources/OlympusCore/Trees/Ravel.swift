/// The tensors of a tree joined into one vector, and the function that takes such a vector back to
/// a tree of the same structure (JAX's `ravel_pytree`).
///
/// The vector holds every tensor's elements in row-major order, tensor after tensor in the order
/// `flattened()` gives, converted to the tensors' common type (as binary operations promote:
/// `float32` with `float64` gives `float64`, integers with floats the float type); a tree without
/// tensors gives an empty `float32` vector. `unravel` splits a vector of that length, reshapes the
/// parts and converts each back to its tensor's type. Both directions are made of differentiable
/// operations, so optimizers and solvers written for one vector apply to any model:
///
/// ```swift
/// let (vector, unravel) = ravel(model)          // float32[parameterCount]
/// let flatLoss = { (v: Tensor) in loss(unravel(v)) }
/// let hessian = OlympusCore.hessian(of: flatLoss)(vector)
/// ```
///
/// A vector of another length or rank is rejected, naming both.
public func ravel<T: TensorTree>(_ tree: T) -> (vector: Tensor, unravel: (Tensor) -> T) {
  let (leaves, structure) = tree.flattened()
  let sizes = leaves.map(\.elementCount)
  let total = sizes.reduce(0, +)
  let dtype = leaves.dropFirst().reduce(leaves.first?.dtype ?? .float32) { DType.promoted($0, $1.dtype) }
  let vector =
    leaves.isEmpty ? Tensor.zeros([0], dtype: dtype) : concatenated(leaves.map { $0.astype(dtype).reshaped(to: [$0.elementCount]) })
  let types = leaves.map(\.type)
  let unravel = { (vector: Tensor) -> T in
    guard vector.rank == 1, vector.shape[0] == total else {
      _ = reject(OlympusError("unravel", "expects a vector of \(total) elements (\(dtype)[\(total)]), got \(vector.type)"))
      return T(structure: structure, leaves: types.map { _ in .failed })
    }
    let parts = leaves.isEmpty ? [] : vector.split(sizes: sizes)
    return T(structure: structure, leaves: zip(parts, types).map { $0.reshaped(to: $1.shape).astype($1.dtype) })
  }
  return (vector, unravel)
}
