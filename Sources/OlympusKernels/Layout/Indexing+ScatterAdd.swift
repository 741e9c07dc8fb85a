import COlympusKernels

extension Indexing {
  /// Adds update rows into the rows `indices` names: `output[o, indices[j], i] += updates[o, j, i]`.
  ///
  /// Repeated indices accumulate, in increasing `j` order for every destination element, whatever the
  /// thread count (threads split `outer` and `inner`, never `j`). Integer additions wrap around.
  ///
  /// - Parameters:
  ///   - type: float32, float64, int32 or int64.
  ///   - updates: Contiguous `[outer, indexCount, inner]` elements.
  ///   - outer: The product of the dimensions before the indexed axis.
  ///   - indexCount: The number of indices.
  ///   - inner: The product of the dimensions after the indexed axis.
  ///   - indices: `indexCount` indices, each already checked to lie in `0..<axisSize`.
  ///   - axisSize: The length of the indexed axis of `output`.
  ///   - output: Contiguous `[outer, axisSize, inner]` elements, already initialized; updated in place.
  public static func scatterAdd(
    _ type: ScalarType, updates: UnsafeRawPointer, outer: Int, indexCount: Int, inner: Int,
    indices: UnsafePointer<Int64>, axisSize: Int, output: UnsafeMutableRawPointer
  ) {
    require(
      outer >= 0 && indexCount >= 0 && inner >= 0 && axisSize >= 0, "Indexing.scatterAdd: negative extent")
    require(type != .bool, "Indexing.scatterAdd: bool is not numeric")
    guard outer > 0 && indexCount > 0 && inner > 0 else { return }
    let size = type.byteCount
    let split = WorkSplit(outer: outer, count: indexCount, inner: inner, splitRows: false)
    Parallel.forEachChunk(count: split.units, minimumChunk: split.minimumChunk) { range in
      if split.tiles == 1 {
        olk_scatter_add(
          type.cValue, updates + range.lowerBound * indexCount * inner * size, range.count, indexCount, inner,
          indices, axisSize, inner, output + range.lowerBound * axisSize * inner * size)
        return
      }
      for u in range {
        let (o, _, columns) = split.unit(u)
        olk_scatter_add(
          type.cValue, updates + (o * indexCount * inner + columns.lowerBound) * size, 1, indexCount, inner,
          indices, axisSize, columns.count, output + (o * axisSize * inner + columns.lowerBound) * size)
      }
    }
  }
}
