import OlympusKernels

/// The derivative of `LayerNormalization` applied to `g`: from its outputs `y[..., n]`,
/// `rstd[...]` and `g[..., n]`, `rstd·(g − mean(g) − y·mean(g·y))` over the last axis, in one
/// kernel pass. Its own derivatives (second-order layer normalization) follow the same formula
/// written with dense operations.
public struct LayerNormalizationBackward: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `layer_norm_backward`.
  public var description: String { "layer_norm_backward" }

  /// `g`'s type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 3)
    let (y, rstd, g) = (inputs[0], inputs[1], inputs[2])
    guard y.rank >= 1, y.dtype.isFloatingPoint, g == y, rstd == TensorType(shape: Array(y.shape.dropLast()), dtype: y.dtype)
    else {
      throw OlympusError(description, "expects y [..., n], rstd [...] and g [..., n] of one floating-point type, got \(y), \(rstd), \(g)")
    }
    return [g]
  }

  /// One kernel call, rows in parallel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (y, rstd, g) = (inputs[0].contiguous(), inputs[1].contiguous(), inputs[2].contiguous())
    let n = y.shape[y.rank - 1]
    let rows = n == 0 ? 0 : y.elementCount / n
    return [
      Tensor.make(g.type) { dx in
        withExtendedLifetime((y, rstd, g)) {
          Normalization.layerNormBackward(
            y.dtype.scalarType, rows: rows, n: n, y: y.baseAddress, rstd: rstd.baseAddress, g: g.baseAddress, dx: dx)
        }
      }
    ]
  }

  /// Forward mode through the dense formula.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    let dense = zip(tangents, primals).map { tangentOrZero($0, like: $1) }
    return forwardFlat(description, at: primals, along: dense, denseFormula).tangents
  }

  /// Reverse mode through the dense formula.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    reverseFlat(description, at: primals, denseFormula).pullback(cotangents)
  }

  /// One call for the whole batch, the batch axis first on every operand.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(self, batchAllFirst(inputs, axes)), [0])
  }

  /// `rstd·(g − mean(g) − y·mean(g·y))` with dense operations.
  private func denseFormula(_ inputs: [Tensor]) -> [Tensor] {
    let (y, rstd, g) = (inputs[0], inputs[1], inputs[2])
    let centered = g - g.mean(axes: [-1], keepDims: true) - y * (g * y).mean(axes: [-1], keepDims: true)
    return [rstd.expandingDimensions(at: -1) * centered]
  }
}

extension LayerNormalizationBackward {
  /// The rules do not read the output.
  public var vjpReadsOutputs: Bool { false }
}
