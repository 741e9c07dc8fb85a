#if canImport(_Differentiation)
import _Differentiation
import OlympusCore

// Shapes, broadcasting, indexing, reductions, sorting and conversion: the methods of `Tensor` in
// Ops/ (Shapes, Broadcasting, Indexing, Reductions, Promotion, MethodSpellings) and the free
// functions that join tensors.

extension Tensor {
  @derivative(of: reshaped(to:), wrt: self)
  @usableFromInline func _vjpReshaped(to shape: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.reshaped(to: shape) }
  }
  @derivative(of: flattened, wrt: self)
  @usableFromInline func _vjpFlattened() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.flattened() }
  }
  @derivative(of: transposed(_:), wrt: self)
  @usableFromInline func _vjpTransposed(_ permutation: [Int]?) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.transposed(permutation) }
  }
  @derivative(of: swappingAxes(_:_:), wrt: self)
  @usableFromInline func _vjpSwappingAxes(_ first: Int, _ second: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.swappingAxes(first, second) }
  }
  @derivative(of: expandingDimensions(at:), wrt: self)
  @usableFromInline func _vjpExpandingDimensions(at axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.expandingDimensions(at: axis) }
  }
  @derivative(of: squeezed(axes:), wrt: self)
  @usableFromInline func _vjpSqueezed(axes: [Int]?) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.squeezed(axes: axes) }
  }
  @derivative(of: padded(_:value:), wrt: self)
  @usableFromInline func _vjpPadded(_ padding: [(before: Int, after: Int)], value: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.padded(padding, value: value) }
  }
  @derivative(of: flipped(axes:), wrt: self)
  @usableFromInline func _vjpFlipped(axes: [Int]?) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.flipped(axes: axes) }
  }
  @derivative(of: split(into:axis:), wrt: self)
  @usableFromInline func _vjpSplit(into count: Int, axis: Int) -> (value: [Tensor], pullback: (Array<Tensor>.TangentVector) -> Tensor) {
    splitPullback { $0.split(into: count, axis: axis) }
  }
  @derivative(of: split(sizes:axis:), wrt: self)
  @usableFromInline func _vjpSplit(sizes: [Int], axis: Int) -> (value: [Tensor], pullback: (Array<Tensor>.TangentVector) -> Tensor) {
    splitPullback { $0.split(sizes: sizes, axis: axis) }
  }

  /// Olympus's pullback of a function returning several tensors.
  private func splitPullback(
    _ parts: @escaping (Tensor) -> [Tensor]
  ) -> (value: [Tensor], pullback: (Array<Tensor>.TangentVector) -> Tensor) {
    let (values, pullback) = vjp(at: self, of: parts)
    return (values, { pullback(matchingCotangents($0, to: values)) })
  }

  @derivative(of: broadcast(to:), wrt: self)
  @usableFromInline func _vjpBroadcast(to shape: [Int]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.broadcast(to: shape) }
  }
  @derivative(of: subscript(_:), wrt: self)
  @usableFromInline func _vjpSubscript(_ indices: [any TensorIndexConvertible]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0[indices: indices] }
  }
  @derivative(of: subscript(indices:), wrt: self)
  @usableFromInline func _vjpSubscript(indices: [any TensorIndexConvertible]) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0[indices: indices] }
  }
  // Index tensors are differentiated too (zero cotangents): they may come from active tensors.
  @derivative(of: subscript(_:))
  @usableFromInline func _vjpSubscript(_ indices: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: self, indices) { $0[$1] }
  }
  @derivative(of: take(_:axis:), wrt: (self, indices))
  @usableFromInline func _vjpTake(_ indices: Tensor, axis: Int) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: self, indices) { $0.take($1, axis: axis) }
  }
  @derivative(of: scatterAdding(_:at:axis:), wrt: (self, updates, indices))
  @usableFromInline func _vjpScatterAdding(
    _ updates: Tensor, at indices: Tensor, axis: Int
  ) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Tensor)) {
    olympusPullback(at: self, updates, indices) { $0.scatterAdding($1, at: $2, axis: axis) }
  }

  @derivative(of: sum(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpSum(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.sum(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: prod(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpProd(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.prod(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: max(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpMax(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.max(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: min(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpMin(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.min(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: mean(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpMean(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.mean(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: variance(axes:keepDims:correction:), wrt: self)
  @usableFromInline func _vjpVariance(axes: [Int]?, keepDims: Bool, correction: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.variance(axes: axes, keepDims: keepDims, correction: correction) }
  }
  @derivative(of: std(axes:keepDims:correction:), wrt: self)
  @usableFromInline func _vjpStd(axes: [Int]?, keepDims: Bool, correction: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.std(axes: axes, keepDims: keepDims, correction: correction) }
  }
  @derivative(of: logSumExp(axes:keepDims:), wrt: self)
  @usableFromInline func _vjpLogSumExp(axes: [Int]?, keepDims: Bool) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.logSumExp(axes: axes, keepDims: keepDims) }
  }
  @derivative(of: cumsum(axis:), wrt: self)
  @usableFromInline func _vjpCumsum(axis: Int?) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.cumsum(axis: axis) }
  }

  @derivative(of: astype(_:), wrt: self)
  @usableFromInline func _vjpAstype(_ dtype: DType) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.astype(dtype) }
  }
  @derivative(of: item, wrt: self)
  @usableFromInline func _vjpItem() -> (value: Double, pullback: (Double) -> Tensor) {
    let (value, pullback) = olympusPullback(at: self) { $0.reshaped(to: []) }
    let dtype = self.dtype
    return (value.item(), { cotangent in pullback(Tensor.full([], value: cotangent, dtype: dtype)) })
  }

  // Method spellings (Ops/MethodSpellings.swift).
  @derivative(of: pow(_:), wrt: self)
  @usableFromInline func _vjpPow(_ exponent: Double) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.pow(exponent) }
  }
  @derivative(of: pow(_:))
  @usableFromInline func _vjpPow(_ exponent: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor)) {
    olympusPullback(at: self, exponent) { $0.pow($1) }
  }
  @derivative(of: abs, wrt: self)
  @usableFromInline func _vjpAbs() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.abs() }
  }
  @derivative(of: sqrt, wrt: self)
  @usableFromInline func _vjpSqrt() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.sqrt() }
  }
  @derivative(of: square, wrt: self)
  @usableFromInline func _vjpSquare() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.square() }
  }
  @derivative(of: clamp(min:max:), wrt: self)
  @usableFromInline func _vjpClamp(min lower: Double?, max upper: Double?) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.clamp(min: lower, max: upper) }
  }
  @derivative(of: clamp(min:max:))
  @usableFromInline func _vjpClamp(min lower: Tensor, max upper: Tensor) -> (value: Tensor, pullback: (Tensor) -> (Tensor, Tensor, Tensor)) {
    olympusPullback(at: self, lower, upper) { $0.clamp(min: $1, max: $2) }
  }
  @derivative(of: flatten, wrt: self)
  @usableFromInline func _vjpFlatten() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.flatten() }
  }
  @derivative(of: squeeze, wrt: self)
  @usableFromInline func _vjpSqueeze() -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.squeeze() }
  }
  @derivative(of: squeeze(axis:), wrt: self)
  @usableFromInline func _vjpSqueeze(axis: Int) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    olympusPullback(at: self) { $0.squeeze(axis: axis) }
  }
}

@derivative(of: concatenated(_:axis:), wrt: tensors)
@usableFromInline func _vjpConcatenated(_ tensors: [Tensor], axis: Int) -> (value: Tensor, pullback: (Tensor) -> Array<Tensor>.TangentVector) {
  joiningPullback(tensors) { concatenated($0, axis: axis) }
}
@derivative(of: stacked(_:axis:), wrt: tensors)
@usableFromInline func _vjpStacked(_ tensors: [Tensor], axis: Int) -> (value: Tensor, pullback: (Tensor) -> Array<Tensor>.TangentVector) {
  joiningPullback(tensors) { stacked($0, axis: axis) }
}

/// Olympus's pullback of a function of an array of tensors, as Swift's array tangent.
func joiningPullback(
  _ tensors: [Tensor], _ join: ([Tensor]) -> Tensor
) -> (value: Tensor, pullback: (Tensor) -> Array<Tensor>.TangentVector) {
  let (value, pullback) = vjp(at: tensors, of: join)
  return (value, { Array<Tensor>.TangentVector(pullback(value.matchingCotangent($0))) })
}
#endif
