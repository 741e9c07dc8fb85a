import OlympusCore

/// The generalized Gauss–Newton matrix `Jᵀ H_L J` of a loss `L(g(θ))` at `parameters` as a
/// symmetric linear operator on the vector `ravel` makes of the parameters, never formed: each
/// product is ``gaussNewtonProduct(of:loss:at:)`` (one JVP, one Hessian–vector product, one VJP).
///
/// Positive semidefinite whenever `L` is convex, so ``conjugateGradient(_:_:initial:preconditioner:relativeTolerance:absoluteTolerance:maxIterations:)``
/// solves Gauss–Newton systems with it:
///
/// ```swift
/// let curvature = gaussNewtonOperator(of: { (m: MLP) in m(x) }, loss: { crossEntropy($0, labels) }, at: model)
/// let (vector, unravel) = ravel(grad(of: { crossEntropy($0(x), labels) })(model))
/// let step = unravel(-conjugateGradient(curvature + 1e-3 * .identity(curvature.rows), vector).solution)
/// ```
public func gaussNewtonOperator<P: TensorTree>(
  of model: @escaping (P) -> Tensor, loss: @escaping (Tensor) -> Tensor, at parameters: P
) -> LinearOperator {
  let (point, unravel) = ravel(parameters)
  let product = gaussNewtonProduct(of: model, loss: loss, at: parameters)
  let apply = { (v: Tensor) in ravel(product(unravel(v))).vector }
  return LinearOperator(
    rows: point.elementCount, columns: point.elementCount, dtype: point.dtype, isSymmetric: true, apply: apply,
    applyTranspose: apply)
}
