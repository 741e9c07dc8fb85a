/// `exp(x) / sum(exp(x))` along `axes`, shifted by the maximum so large inputs do not overflow.
/// The result does not depend on the shift, so derivatives take it as a constant.
public func softmax(_ x: Tensor, axes: [Int] = [-1]) -> Tensor {
  checked { () throws(OlympusError) in
    let axes = try normalizedAxes(axes, rank: x.rank, "softmax(_:axes:)", x.type)
    let e = exp(x - stopGradient(x).max(axes: axes, keepDims: true))
    return e / e.sum(axes: axes, keepDims: true)
  }
}

/// `log(softmax(x))` along `axes`, computed as `x - logSumExp(x)` so it stays finite for large
/// inputs.
public func logSoftmax(_ x: Tensor, axes: [Int] = [-1]) -> Tensor {
  checked { () throws(OlympusError) in
    let axes = try normalizedAxes(axes, rank: x.rank, "logSoftmax(_:axes:)", x.type)
    return x - x.logSumExp(axes: axes, keepDims: true)
  }
}

/// Layer normalization over the last axis (PyTorch's `F.layer_norm(x, [n], weight, bias, eps)`):
/// each row is shifted to mean 0 and scaled to variance 1 (the biased variance, plus `epsilon`),
/// then multiplied by `weight` and shifted by `bias` (both `[n]`, optional). The normalization is
/// one fused kernel pass forward and one backward; the affine part is elementwise, which `jit`
/// fuses with what follows.
public func layerNorm(_ x: Tensor, weight: Tensor? = nil, bias: Tensor? = nil, epsilon: Double = 1e-5) -> Tensor {
  checked { () throws(OlympusError) in
    let operation = "layerNorm(_:weight:bias:epsilon:)"
    guard x.rank >= 1, x.dtype.isFloatingPoint else {
      throw OlympusError(operation, "expects a floating-point tensor of rank 1 or more, got \(x.type)")
    }
    let n = x.shape[x.rank - 1]
    for parameter in [weight, bias].compactMap({ $0 }) where parameter.shape != [n] || parameter.dtype != x.dtype {
      throw OlympusError(operation, "weight and bias must be \(x.dtype)[\(n)] for \(x.type), got \(parameter.type)")
    }
    var y = bind(LayerNormalization(epsilon: epsilon), [x])[0]
    if let weight { y = y * weight }
    if let bias { y = y + bias }
    return y
  }
}
