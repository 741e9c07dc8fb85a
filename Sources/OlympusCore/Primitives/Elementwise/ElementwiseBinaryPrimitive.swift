import OlympusKernels

/// A primitive that combines two tensors of equal type element by element.
///
/// The family supplies the type rule (equal shapes and types; a `bool` result for comparisons),
/// evaluation (one kernel call) and both differentiation rules from the member's partial
/// derivatives.
public protocol ElementwiseBinaryPrimitive: SingleOutputPrimitive {
  /// The kernel that computes it.
  var operation: BinaryOperation { get }
  /// The element types it accepts.
  var domain: ElementDomain { get }
  /// The partial derivatives with respect to `a` and `b` given the output `y`, written with
  /// public operations; `nil` for a partial that is zero wherever it exists.
  func partials(_ a: Tensor, _ b: Tensor, output y: Tensor) -> (Tensor?, Tensor?)
  /// Whether a partial can be infinite where the function is finite (division by 0); reverse
  /// mode then keeps zero cotangents zero.
  var hasSingularDerivative: Bool { get }
}

extension ElementwiseBinaryPrimitive {
  /// The operands' type (or `bool` of their shape for comparisons), for two operands of one type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    guard inputs[0] == inputs[1] else {
      throw OlympusError(description, "operands \(inputs[0]) and \(inputs[1]) must have equal shapes and types")
    }
    guard domain.contains(inputs[0].dtype) else {
      throw OlympusError(description, "expects \(domain.name) operands, got \(inputs[0])")
    }
    return [TensorType(shape: inputs[0].shape, dtype: operation.isComparison ? .bool : inputs[0].dtype)]
  }

  /// Whether two operands meet the contract (one type in the domain, one shape), checked without
  /// building their types.
  func accepts(_ a: Tensor, _ b: Tensor) -> Bool {
    a.dtype == b.dtype && domain.contains(a.dtype) && a.shape == b.shape
  }

  /// Accepts two inputs of one type in the domain without building their types; otherwise throws
  /// as `outputTypes(for:)` does.
  public func validate(_ inputs: [Tensor]) throws(OlympusError) {
    if inputs.count == 2, accepts(inputs[0], inputs[1]) { return }
    _ = try outputTypes(for: inputs.map(\.type))
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] { [evaluate(inputs[0], inputs[1])] }

  /// Runs the kernel on operands that meet the contract (`bind`'s eager path).
  public func evaluate(checking a: Tensor, _ b: Tensor) -> Tensor? { accepts(a, b) ? evaluate(a, b) : nil }

  /// Runs the kernel on two concrete operands of one type and shape (no arrays on the eager hot
  /// path).
  func evaluate(_ a: Tensor, _ b: Tensor) -> Tensor {
    let type = TensorType(shape: a.shape, dtype: operation.isComparison ? .bool : a.dtype)
    return Tensor.make(type, like: a) { output in
      withExtendedLifetime((a, b)) {
        Elementwise.binary(
          operation, a.dtype.scalarType, shape: a.shape, lhs: a.stridedView, rhs: b.stridedView, output: output)
      }
    }
  }

  /// `ta · ∂f/∂a + tb · ∂f/∂b`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let (da, db) = partials(primals[0], primals[1], output: outputs[0])
    let left = zip(tangents[0], da).map { $0 * $1 }
    // `x * x` along one tangent: both products are the same, computed once.
    let right = isSameValue(tangents[1], tangents[0]) && isSameValue(db, da) ? left : zip(tangents[1], db).map { $0 * $1 }
    return [addTangents(left, right)]
  }

  /// `ct · ∂f/∂a` and `ct · ∂f/∂b`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil, nil] }
    let (da, db) = partials(primals[0], primals[1], output: outputs[0])
    let scale = { (slope: Tensor) in
      hasSingularDerivative ? multiplyPreservingZeros(cotangent, slope) : cotangent * slope
    }
    let left = da.map(scale)
    return [left, isSameValue(db, da) ? left : db.map(scale)]
  }

  /// Applied once to inputs aligned on one batch axis.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchElementwise(self, inputs, axes)
  }
}

/// Both values when both exist.
func zip(_ a: Tensor?, _ b: Tensor?) -> (Tensor, Tensor)? {
  guard let a, let b else { return nil }
  return (a, b)
}

/// Whether two optional tensors are one and the same value (the same handle), so a rule can reuse
/// a product instead of computing it twice.
func isSameValue(_ a: Tensor?, _ b: Tensor?) -> Bool {
  guard let a, let b else { return false }
  return a.handle === b.handle
}
