import OlympusCore

/// The generalized Gauss–Newton matrix's product with a vector, `v ↦ Jᵀ H_L J v`, for a loss
/// `L(g(θ))` composed of a model `g` and a convex outer loss `L` (N. N. Schraudolph, "Fast
/// curvature matrix-vector products for second-order gradient descent", Neural Computation 14,
/// 2002): `J = ∂g/∂θ` at `parameters`, `H_L = ∇²L` at `g(θ)`.
///
/// Each product is one JVP of the model, one Hessian–vector product of the outer loss and one
/// VJP of the model (whose forward pass runs once, here); nothing is materialized. For `L = ½‖·‖²`
/// it is the Gauss–Newton matrix `JᵀJ`; unlike the Hessian it is positive semidefinite whenever
/// `L` is convex, so conjugate gradient applies.
///
/// ```swift
/// let curvature = gaussNewtonProduct(of: { (m: MLP) in m(x) }, loss: { logits in crossEntropy(logits, labels) },
///                                    at: model)
/// let direction = curvature(gradient)   // a value of the model's type
/// ```
public func gaussNewtonProduct<P: TensorTree>(
  of model: @escaping (P) -> Tensor, loss: @escaping (Tensor) -> Tensor, at parameters: P
) -> (P) -> P {
  let (output, pullback) = vjp(at: parameters, of: model)
  return { v in
    let tangent = jvp(at: parameters, along: v, of: model).tangent
    return pullback(hvp(at: output, along: tangent, of: loss))
  }
}
