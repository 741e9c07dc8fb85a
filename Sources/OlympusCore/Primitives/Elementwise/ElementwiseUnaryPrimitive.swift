import OlympusKernels

/// A primitive that maps each element through one function, keeping shape and type.
///
/// The family supplies the type rule, evaluation (one kernel call) and both differentiation rules
/// from the member's derivative; each member states its kernel operation, domain and derivative.
public protocol ElementwiseUnaryPrimitive: SingleOutputPrimitive {
  /// The kernel that computes it.
  var operation: UnaryOperation { get }
  /// The element types it accepts.
  var domain: ElementDomain { get }
  /// The derivative at `x` given the output `y`, written with public operations; `nil` when it is
  /// zero wherever it exists (piecewise-constant functions).
  func derivative(at x: Tensor, output y: Tensor) -> Tensor?
  /// Whether the derivative can be infinite where the function is finite (√x at 0); reverse mode
  /// then keeps zero cotangents zero.
  var hasSingularDerivative: Bool { get }
  /// `tangent · f′(x)` given the output `y`, `nil` when the derivative is zero. Defaults to the
  /// product with `derivative(at:output:)`; a member with a one-pass form overrides it.
  func derivativeProduct(_ tangent: Tensor, at x: Tensor, output y: Tensor) -> Tensor?
}

extension ElementwiseUnaryPrimitive {
  /// The input's own type, for one input in the domain.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    guard domain.contains(inputs[0].dtype) else {
      throw OlympusError(description, "expects a \(domain.name) tensor, got \(inputs[0])")
    }
    return [inputs[0]]
  }

  /// Whether an operand meets the contract (its type is in the domain), checked without building
  /// its type.
  func accepts(_ x: Tensor) -> Bool { domain.contains(x.dtype) }

  /// Accepts one input in the domain without building its type; otherwise throws as
  /// `outputTypes(for:)` does.
  public func validate(_ inputs: [Tensor]) throws(OlympusError) {
    if inputs.count == 1, accepts(inputs[0]) { return }
    _ = try outputTypes(for: inputs.map(\.type))
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] { [evaluate(inputs[0])] }

  /// Runs the kernel on an operand that meets the contract (`bind`'s eager path).
  public func evaluate(checking x: Tensor) -> Tensor? { accepts(x) ? evaluate(x) : nil }

  /// Runs the kernel on a concrete operand (no arrays on the eager hot path).
  func evaluate(_ x: Tensor) -> Tensor {
    Tensor.make(x.type, like: x) { output in
      withExtendedLifetime(x) {
        Elementwise.unary(operation, x.dtype.scalarType, shape: x.shape, input: x.stridedView, output: output)
      }
    }
  }

  /// The product with the derivative.
  public func derivativeProduct(_ tangent: Tensor, at x: Tensor, output y: Tensor) -> Tensor? {
    derivative(at: x, output: y).map { tangent * $0 }
  }

  /// `tangent · f′(x)`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil] }
    return [derivativeProduct(tangent, at: primals[0], output: outputs[0])]
  }

  /// `cotangent · f′(x)`, zero where the cotangent is zero for singular derivatives.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    guard hasSingularDerivative else { return [derivativeProduct(cotangent, at: primals[0], output: outputs[0])] }
    return [derivative(at: primals[0], output: outputs[0]).map { multiplyPreservingZeros(cotangent, $0) }]
  }

  /// Applied once to inputs aligned on one batch axis.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchElementwise(self, inputs, axes)
  }
}
