import OlympusKernels

/// Layer normalization over the last axis without the affine part: `x[..., n]` gives
/// `y = (x − mean)/√(var + epsilon)` `[..., n]` (biased variance) and `rstd = 1/√(var + epsilon)`
/// `[...]`, the residual of its rules. One kernel pass forward; both derivatives are one pass of
/// `LayerNormalizationBackward` (the Jacobian `rstd·(I − 11ᵀ/n − yyᵀ/n)` is symmetric).
public struct LayerNormalization: Primitive {
  /// Added to the variance.
  public let epsilon: Double

  /// The primitive with the given `epsilon`.
  public init(epsilon: Double) { self.epsilon = epsilon }

  /// `layer_norm[epsilon]`.
  public var description: String { "layer_norm[epsilon: \(epsilon)]" }

  /// `y` and `rstd`.
  public var outputCount: Int { 2 }

  /// `[..., n]` and `[...]` of the input's floating-point type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    guard x.rank >= 1, x.dtype.isFloatingPoint else {
      throw OlympusError(description, "expects a floating-point tensor of rank 1 or more, got \(x)")
    }
    return [x, TensorType(shape: Array(x.shape.dropLast()), dtype: x.dtype)]
  }

  /// One kernel call, rows in parallel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0].contiguous()
    let n = x.shape[x.rank - 1]
    let rows = n == 0 ? 0 : x.elementCount / n
    var rstd: Tensor?
    let y = Tensor.make(x.type) { y in
      rstd = Tensor.make(TensorType(shape: Array(x.shape.dropLast()), dtype: x.dtype)) { rstd in
        withExtendedLifetime(x) {
          Normalization.layerNorm(
            x.dtype.scalarType, rows: rows, n: n, epsilon: epsilon, x: x.baseAddress, y: y, rstd: rstd)
        }
      }
    }
    return [y, rstd!]
  }

  /// `ẏ = rstd·(ẋ − mean(ẋ) − y·mean(ẋ·y))` and `rstḋ = −rstd²·mean(y·ẋ)`.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard let tangent = tangents[0] else { return [nil, nil] }
    let (y, rstd) = (outputs[0], outputs[1])
    return [bind(LayerNormalizationBackward(), y, rstd, tangent), -(rstd * rstd) * (y * tangent).mean(axes: [-1])]
  }

  /// `rstd·(ȳ − mean(ȳ) − y·mean(ȳ·y))`, plus `−rstd²·r̄·y/n` for a cotangent `r̄` of `rstd`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let (y, rstd) = (outputs[0], outputs[1])
    let n = Double(y.shape[y.rank - 1])
    let fromOutput = cotangents[0].map { bind(LayerNormalizationBackward(), y, rstd, $0) }
    let fromRstd = cotangents[1].map { (-(rstd * rstd) * $0 / n).expandingDimensions(at: -1) * y }
    return [addTangents(fromOutput, fromRstd)]
  }

  /// One call for the whole batch, the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let x = movingAxis(inputs[0], from: axes[0]!, to: 0)
    return (bind(self, [x]), [0, 0])
  }
}

extension LayerNormalization {
  /// The rules read only the outputs.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
}
