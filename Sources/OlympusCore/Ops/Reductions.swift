extension Tensor {
  /// The shape after reducing `axes`, with those dimensions kept as 1 when `keepDims` is true.
  func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
    keepDims ? shape.indices.map { axes.contains($0) ? 1 : shape[$0] } : removingAxes(axes, from: shape)
  }

  /// Applies a reduction primitive over normalized `axes`, restoring kept dimensions. (Generic over
  /// the primitive, so that `bind` runs specialized for it.)
  func reduce<Reduction: ReductionPrimitive>(
    _ axes: [Int]?, keepDims: Bool, _ operation: String, _ make: ([Int]) -> Reduction
  ) -> Tensor {
    checked { () throws(OlympusError) in
      let axes = try normalizedAxes(axes, rank: rank, operation, type)
      let primitive = make(axes)
      guard primitive.domain.contains(dtype) else {
        throw OlympusError(operation, "expects a \(primitive.domain.name) tensor, got \(type)")
      }
      guard primitive.hasIdentity || axes.allSatisfy({ shape[$0] > 0 }) else {
        throw OlympusError(operation, "cannot reduce zero elements of \(type) along axes \(axes)")
      }
      let reduced = bind(primitive, [self])[0]
      return keepDims ? reduced.reshaped(to: reducedShape(axes, keepDims: true)) : reduced
    }
  }

  /// The sum over `axes` (all axes when `nil`); `bool` is counted as `int64`.
  ///
  /// ```swift
  /// x.sum()                              // 0-d
  /// x.sum(axes: [1], keepDims: true)     // [n, 1]
  /// ```
  public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    if dtype == .bool { return astype(.int64).sum(axes: axes, keepDims: keepDims) }
    return reduce(axes, keepDims: keepDims, "sum(axes:)") { ReduceSum(axes: $0) }
  }

  /// The product over `axes`; `bool` is multiplied as `int64`.
  public func prod(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    if dtype == .bool { return astype(.int64).prod(axes: axes, keepDims: keepDims) }
    return reduce(axes, keepDims: keepDims, "prod(axes:)") { ReduceProduct(axes: $0) }
  }

  /// The maximum over `axes` (NaN if any element is NaN); empty axes are rejected.
  public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    reduce(axes, keepDims: keepDims, "max(axes:)") { ReduceMax(axes: $0) }
  }

  /// The minimum over `axes` (NaN if any element is NaN); empty axes are rejected.
  public func min(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    reduce(axes, keepDims: keepDims, "min(axes:)") { ReduceMin(axes: $0) }
  }

  /// The mean over `axes`; integer and `bool` tensors give `float32`. NaN for no elements.
  public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    let floating = dtype.isFloatingPoint ? self : astype(.float32)
    return checked { () throws(OlympusError) in
      let normalized = try normalizedAxes(axes, rank: rank, "mean(axes:)", type)
      let count = normalized.reduce(1) { $0 * shape[$1] }
      return floating.sum(axes: normalized, keepDims: keepDims) / Double(count)
    }
  }

  /// The variance over `axes`: the mean squared deviation, divided by `count - correction`
  /// (NumPy's `ddof`; 0 gives the population variance, 1 the unbiased sample variance).
  public func variance(axes: [Int]? = nil, keepDims: Bool = false, correction: Int = 0) -> Tensor {
    let floating = dtype.isFloatingPoint ? self : astype(.float32)
    return checked { () throws(OlympusError) in
      let normalized = try normalizedAxes(axes, rank: rank, "variance(axes:)", type)
      let count = normalized.reduce(1) { $0 * shape[$1] }
      let deviation = floating - floating.mean(axes: normalized, keepDims: true)
      return (deviation * deviation).sum(axes: normalized, keepDims: keepDims) / Double(count - correction)
    }
  }

  /// The standard deviation over `axes`: the square root of `variance`.
  public func std(axes: [Int]? = nil, keepDims: Bool = false, correction: Int = 0) -> Tensor {
    OlympusCore.sqrt(variance(axes: axes, keepDims: keepDims, correction: correction))
  }

  /// `log(sum(exp(x)))` over `axes`, computed without overflow by shifting by the maximum.
  /// Gives `-inf` for axes of all `-inf` and `+inf` when an element is `+inf`. The shift cancels,
  /// so its derivative is zero and it is taken as a constant (`stopGradient`): derivatives neither
  /// keep `x` for the maximum's rule nor add its rounding noise.
  public func logSumExp(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    checked { () throws(OlympusError) in
      let axes = try normalizedAxes(axes, rank: rank, "logSumExp(axes:)", type)
      let floating = dtype.isFloatingPoint ? self : astype(.float32)
      let peak = stopGradient(floating).max(axes: axes, keepDims: true)
      let shift = select(isFinite(peak), peak, 0)
      let total = log(exp(floating - shift).sum(axes: axes, keepDims: keepDims))
      return total + (keepDims ? shift : shift.reshaped(to: reducedShape(axes, keepDims: false)))
    }
  }

  /// Index of the first maximum along `axis` (of the flattened tensor when `nil`), as `int64`;
  /// NaN counts as the maximum.
  public func argmax(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
    argReduce(maximum: true, axis: axis, keepDims: keepDims, "argmax(axis:)")
  }

  /// Index of the first minimum along `axis` (of the flattened tensor when `nil`), as `int64`;
  /// NaN counts as the minimum.
  public func argmin(axis: Int? = nil, keepDims: Bool = false) -> Tensor {
    argReduce(maximum: false, axis: axis, keepDims: keepDims, "argmin(axis:)")
  }

  private func argReduce(maximum: Bool, axis: Int?, keepDims: Bool, _ operation: String) -> Tensor {
    guard let axis else {
      let flat = reshaped(to: [-1]).argReduce(maximum: maximum, axis: 0, keepDims: false, operation)
      return keepDims ? flat.reshaped(to: [Int](repeating: 1, count: rank)) : flat
    }
    return checked { () throws(OlympusError) in
      let normalized = try normalizedAxis(axis, rank: rank, operation, type)
      guard shape[normalized] > 0 else {
        throw OlympusError(operation, "cannot search the empty axis \(axis) of \(type)")
      }
      let found = bind(ArgReduce(maximum: maximum, axis: normalized), self)
      return keepDims ? found.reshaped(to: reducedShape([normalized], keepDims: true)) : found
    }
  }

  /// Running sum along `axis` (of the flattened tensor when `nil`); `bool` is counted as `int64`.
  public func cumsum(axis: Int? = nil) -> Tensor {
    if dtype == .bool { return astype(.int64).cumsum(axis: axis) }
    guard let axis else { return reshaped(to: [-1]).cumsum(axis: 0) }
    return checked { () throws(OlympusError) in
      bind(CumulativeSum(axis: try normalizedAxis(axis, rank: rank, "cumsum(axis:)", type)), self)
    }
  }

  /// Whether every element along `axes` is true (non-zero); true for no elements.
  public func all(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    logicalNot(self).sum(axes: axes, keepDims: keepDims) .== 0
  }

  /// Whether any element along `axes` is true (non-zero); false for no elements.
  public func any(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
    astype(.bool).sum(axes: axes, keepDims: keepDims) .> 0
  }
}
