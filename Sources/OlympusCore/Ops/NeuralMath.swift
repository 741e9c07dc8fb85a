/// `exp(x) / sum(exp(x))` along `axes`, shifted by the maximum so large inputs do not overflow.
public func softmax(_ x: Tensor, axes: [Int] = [-1]) -> Tensor {
  checked { () throws(OlympusError) in
    let axes = try normalizedAxes(axes, rank: x.rank, "softmax(_:axes:)", x.type)
    let e = exp(x - x.max(axes: axes, keepDims: true))
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
