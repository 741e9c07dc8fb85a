import OlympusCore

/// The Jacobian of `f` at `x` as a linear operator, never formed: `apply` is a Jacobian–vector
/// product (forward mode, `jvp`), `applyTranspose` a vector–Jacobian product (reverse mode, with
/// the pullback of one forward pass recorded when the operator is built).
///
/// Input and output trees are taken as the vectors `ravel` makes of them: the operator maps
/// vectors of `ravel(x).vector.shape[0]` elements to vectors of as many elements as `f(x)` holds,
/// in the leaf order of each tree.
///
/// ```swift
/// let j = jacobianOperator(of: { (m: Model) in residuals(m, data) }, at: model)
/// let jv = j.apply(v)                  // ∂r/∂m · v
/// let dense = j.materialized()         // equal to jacfwd's blocks, side by side
/// ```
public func jacobianOperator<Input: TensorTree, Output: TensorTree>(
  of f: @escaping (Input) -> Output, at x: Input
) -> LinearOperator {
  let (point, unravelInput) = ravel(x)
  let (value, pullback) = vjp(at: x, of: f)
  let (outputVector, unravelOutput) = ravel(value)
  return LinearOperator(
    rows: outputVector.elementCount, columns: point.elementCount, dtype: point.dtype,
    apply: { v in ravel(jvp(at: x, along: unravelInput(v), of: f).tangent).vector },
    applyTranspose: { u in ravel(pullback(unravelOutput(u))).vector })
}

/// The Hessian of the scalar function `f` at `x` as a symmetric linear operator, never formed:
/// `apply` is a Hessian–vector product (`hvp`, forward over reverse mode) on the vector `ravel`
/// makes of the tree.
public func hessianOperator<Input: TensorTree>(of f: @escaping (Input) -> Tensor, at x: Input) -> LinearOperator {
  let (point, unravel) = ravel(x)
  let product = { (v: Tensor) in ravel(hvp(at: x, along: unravel(v), of: f)).vector }
  return LinearOperator(
    rows: point.elementCount, columns: point.elementCount, dtype: point.dtype, isSymmetric: true, apply: product,
    applyTranspose: product)
}
