/// The standard basis of tensors shaped like `x`, stacked: `[n] + x.shape` with `n = x.elementCount`.
func standardBasis(like x: Tensor) -> Tensor {
  Tensor.eye(x.elementCount, dtype: x.dtype).reshaped(to: [x.elementCount] + x.shape)
}

/// The Jacobian of `f` by reverse mode: one forward pass, then the pullback applied to every basis
/// cotangent at once under `vmap` (a single batched backward pass). `jacrev(of: f)(x)` has shape
/// `f(x).shape + x.shape`. Best when outputs are fewer than inputs.
public func jacrev(of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  { x in
    let (y, pullback) = vjp(at: x, of: f)
    let rows = vmap(of: pullback)(standardBasis(like: y))
    return rows.reshaped(to: y.shape + x.shape)
  }
}

/// The Jacobian of `f` by forward mode: the JVP along every basis direction at once under `vmap`
/// (a single batched forward pass). `jacfwd(of: f)(x)` has shape `f(x).shape + x.shape`. Best when
/// inputs are fewer than outputs.
public func jacfwd(of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  { x in
    let columns = vmap(outAxis: -1, of: { v in jvp(at: x, along: v, of: f).tangent })(standardBasis(like: x))
    return columns.reshaped(to: Array(columns.shape.dropLast()) + x.shape)
  }
}

/// The Hessian of a scalar function: forward mode over reverse mode, `jacfwd(of: grad(of: f))`.
public func hessian(of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  jacfwd(of: grad(of: f))
}

/// The Hessian–vector product `∇²f(x)·v` of a scalar function, by forward mode over reverse mode
/// (one forward pass carrying `v` through the gradient computation); never forms the Hessian.
///
/// The other two compositions are plain to write and agree:
/// ```swift
/// // reverse over forward
/// grad(of: { x in jvp(at: x, along: v, of: f).tangent })(x)
/// // reverse over reverse
/// grad(of: { x in (grad(of: f)(x) * v).sum() })(x)
/// ```
public func hvp(at x: Tensor, along v: Tensor, of f: @escaping (Tensor) -> Tensor) -> Tensor {
  jvp(at: x, along: v, of: grad(of: f)).tangent
}
