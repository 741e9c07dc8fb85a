/// The identity on values whose derivative is declared zero (JAX's `stop_gradient`, PyTorch's
/// `detach`).
public struct StopGradient: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `stop_gradient`.
  public var description: String { "stop_gradient" }

  /// The input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    return [inputs[0]]
  }

  /// The input itself.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] { inputs }

  /// Zero.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] { [nil] }

  /// Zero.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] { [nil] }

  /// Yes: reverse mode records nothing for it.
  public var hasZeroDerivative: Bool { true }

  /// Applied once to inputs aligned on one batch axis.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchElementwise(self, inputs, axes)
  }
}

/// `x` with derivatives stopped: the same value, treated as a constant by every differentiation
/// transformation and by the eager tape.
public func stopGradient(_ x: Tensor) -> Tensor {
  guard x.isConcrete else { return bind(StopGradient(), x) }
  return x.isUntracked ? x : x.withAutograd(nil)
}

extension Tensor {
  /// The same value treated as a constant by every differentiation (PyTorch's `detach()`): on the
  /// eager tape, a leaf sharing this tensor's storage that does not require gradients.
  public func detached() -> Tensor { stopGradient(self) }
}
