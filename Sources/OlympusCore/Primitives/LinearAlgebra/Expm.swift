import OlympusKernels

/// The matrix exponential of each matrix of `a[..., n, n]`, in float32 or float64, by scaling
/// and squaring with diagonal Padé approximants (Higham 2005).
///
/// The derivative is the Fréchet derivative `L(A, E) = ∫₀¹ e^{sA}·E·e^{(1−s)A} ds`, read off the
/// exponential of a block matrix (Mathias 1996): `exp([[A, E], [0, A]]) = [[e^A, L(A, E)], [0,
/// e^A]]`. Its adjoint is `L(Aᵀ, ·)`, so both rules are exponentials of twice the size, and
/// differentiating them again differentiates this primitive again.
public struct Expm: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `expm`.
  public var description: String { "expm" }

  /// The input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try expectSquareMatrices(self, inputs[0])
    return [inputs[0]]
  }

  /// The built-in scaling and squaring on each matrix (float32 computed in float64).
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let a = inputs[0].contiguous()
    let n = a.shape[a.rank - 1]
    let batch = n == 0 ? 0 : a.elementCount / (n * n)
    return [
      Tensor.make(a.type) { output in
        withExtendedLifetime(a) {
          MatrixExponential.compute(a.dtype.scalarType, a.baseAddress, batch: batch, n: n, output: output)
        }
      }
    ]
  }

  /// `L(A, ȧ)`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil] }
    return [frechetDerivative(primals[0], tangent)]
  }

  /// `L(Aᵀ, ḡ)`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    return [frechetDerivative(matrixTransposed(primals[0]), cotangent)]
  }

  /// The upper right block of `exp([[a, e], [0, a]])`.
  private func frechetDerivative(_ a: Tensor, _ e: Tensor) -> Tensor {
    let n = a.shape[a.rank - 1]
    let top = concatenated([a, e], axis: -1)
    let bottom = concatenated([Tensor.zeros(like: a), a], axis: -1)
    let exponential = bind(self, concatenated([top, bottom], axis: -2))
    return exponential[.ellipsis, .slice(0, n), .slice(n, nil)]
  }

  /// One exponential of the whole batch, its axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { _ in Expm() }
  }
}

extension Expm {
  /// The rules read the input, not the output.
  public var vjpReadsOutputs: Bool { false }
}
