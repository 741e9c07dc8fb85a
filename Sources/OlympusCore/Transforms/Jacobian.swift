/// The standard basis vector `i` of tensors shaped like `x`.
func basisVector(_ index: Int, like x: Tensor) -> Tensor {
  oneHot(Tensor([index]), count: x.elementCount, dtype: x.dtype).reshaped(to: x.shape)
}

/// The Jacobian of `f` by reverse mode, one pullback per output element: `jacrev(of: f)(x)` has
/// shape `f(x).shape + x.shape`. Best when outputs are fewer than inputs.
public func jacrev(of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  { x in
    let (y, pullback) = vjp(at: x, of: f)
    guard y.elementCount > 0 else { return Tensor.zeros(y.shape + x.shape, dtype: x.dtype) }
    let rows = (0..<y.elementCount).map { pullback(basisVector($0, like: y)) }
    return stacked(rows).reshaped(to: y.shape + x.shape)
  }
}

/// The Jacobian of `f` by forward mode, one JVP per input element: `jacfwd(of: f)(x)` has shape
/// `f(x).shape + x.shape`. Best when inputs are fewer than outputs.
public func jacfwd(of f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
  { x in
    guard x.elementCount > 0 else {
      let y = f(x)
      return Tensor.zeros(y.shape + x.shape, dtype: y.dtype)
    }
    let columns = (0..<x.elementCount).map { jvp(at: x, along: basisVector($0, like: x), of: f).tangent }
    let outputShape = columns[0].shape
    return stacked(columns, axis: -1).reshaped(to: outputShape + x.shape)
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
