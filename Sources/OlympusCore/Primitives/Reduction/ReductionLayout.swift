/// A tensor arranged for the reduction kernels: contiguous `[outer, count, inner]` with the
/// reduced axes forming `count`.
struct ReductionLayout {
  /// The elements, contiguous.
  let input: Tensor
  /// Product of the kept axes before the reduced block.
  let outer: Int
  /// Product of the reduced axes.
  let count: Int
  /// Product of the kept axes after the reduced block.
  let inner: Int

  /// Arranges `x` for reducing `axes` (sorted, distinct, in range). When the axes are adjacent the
  /// tensor is used as it is (made contiguous if needed); otherwise the reduced axes are moved last.
  init(_ x: Tensor, axes: [Int]) {
    let shape = x.shape
    let isBlock = axes.isEmpty || axes.last! - axes.first! + 1 == axes.count
    if isBlock, let first = axes.first {
      input = x.contiguous()
      outer = shape[..<first].reduce(1, *)
      count = axes.reduce(1) { $0 * shape[$1] }
      inner = shape[(axes.last! + 1)...].reduce(1, *)
    } else {
      let kept = shape.indices.filter { !axes.contains($0) }
      let layout = x.dense
      let moved = x.view(
        shape: (kept + axes).map { shape[$0] }, offset: layout.offset, strides: (kept + axes).map { layout.strides[$0] })
      input = moved.contiguous()
      outer = kept.reduce(1) { $0 * shape[$1] }
      count = axes.reduce(1) { $0 * shape[$1] }
      inner = 1
    }
  }
}

/// Checks that `axes` are distinct, sorted and within `rank`.
func validateAxes(_ axes: [Int], rank: Int, in primitive: some Primitive, type: TensorType) throws(OlympusError) {
  guard axes.allSatisfy({ 0 <= $0 && $0 < rank }), zip(axes, axes.dropFirst()).allSatisfy({ $0 < $1 }) else {
    throw OlympusError(primitive.description, "axes \(axes) are not distinct sorted axes of \(type)")
  }
}

/// `shape` without the dimensions in `axes`.
func removingAxes(_ axes: [Int], from shape: [Int]) -> [Int] {
  var kept: [Int] = []
  kept.reserveCapacity(max(0, shape.count - axes.count))  // nothing to allocate for a full reduction
  for axis in shape.indices where !axes.contains(axis) { kept.append(shape[axis]) }
  return kept
}

/// A reduced tensor repeated back over the reduced axes to `shape` (the transpose of a reduction):
/// one `BroadcastInDim` placing the kept axes.
func expandReduced(_ reduced: Tensor, axes: [Int], to shape: [Int]) -> Tensor {
  var kept: [Int] = []
  kept.reserveCapacity(shape.count - axes.count)
  for axis in shape.indices where !axes.contains(axis) { kept.append(axis) }
  return bind(BroadcastInDim(shape: shape, dimensions: kept), reduced)
}
