import COlympusKernels

/// Reductions and scans along one axis of a contiguous row-major array viewed as `[outer, count, inner]`.
public enum Reduction {
  /// Reduces `input` along its middle axis.
  ///
  /// Every operation folds the elements in one fixed pairwise order that depends only on `count` and
  /// on whether `inner` is 1, never on the number of threads or how the work is split, so results are
  /// bit-identical across thread counts and SIMD paths. A contiguous row (`inner == 1`) splits
  /// `n > 2048` elements into its first `h` (the largest power of two below `n`) and the rest, recursively;
  /// a leaf of at most 2048 elements folds element `i` into lane `i % 16` of 16 lanes, then combines the
  /// lanes pairwise. Columns (`inner > 1`) split rows the same way down to leaves of at most 32 rows,
  /// folded in order.
  ///
  /// Accuracy: float32 and float64 sums and products accumulate in float64. A float64 sum of `n` terms
  /// is within `(c + ⌈log2(n / l)⌉) · 2⁻⁵³ · Σ|xᵢ|` of the exact sum (to first order), with `c = 131` and
  /// `l = 2048` for `inner == 1`, `c = 31` and `l = 32` for `inner > 1`; a float32 sum has that error in
  /// its float64 accumulator plus one rounding to float32 (`2⁻²⁴ |sum|`), so unless the terms cancel by
  /// more than a factor of about 10⁶ it is the correctly rounded sum up to one unit in the last place.
  ///
  /// - Parameters:
  ///   - operation: The combining operation. Integer sums and products wrap around.
  ///   - type: The element type of input and output. float32, float64, int32 and int64 support every
  ///     operation; bool supports `maximum` (any) and `minimum` (all) only.
  ///   - input: Contiguous row-major `[outer, count, inner]` elements.
  ///   - outer: The product of the dimensions before the reduced axis.
  ///   - count: The length of the reduced axis. When it is 0, a sum gives 0 and a product 1; `maximum`
  ///     and `minimum` require `count > 0`.
  ///   - inner: The product of the dimensions after the reduced axis.
  ///   - output: Contiguous `[outer, inner]` elements of `type`, written.
  ///
  /// Float `maximum` and `minimum` propagate NaN, like `numpy.max`.
  public static func reduce(
    _ operation: ReductionOperation, _ type: ScalarType, input: UnsafeRawPointer, outer: Int, count: Int,
    inner: Int, output: UnsafeMutableRawPointer
  ) {
    require(outer >= 0 && count >= 0 && inner >= 0, "Reduction.reduce: negative extent")
    let accumulator = olk_reduce_accumulator(operation.cValue, type.cValue)
    require(accumulator >= 0, "Reduction.reduce: \(operation) is not defined for \(type)")
    require(
      count > 0 || operation == .sum || operation == .product, "Reduction.reduce: \(operation) of an empty axis")
    guard outer > 0 && inner > 0 else { return }
    let leaf = Int(inner == 1 ? OLK_REDUCE_LEAF : OLK_REDUCE_LEAF_ROWS)
    let split = WorkSplit(outer: outer, count: count, inner: inner, splitRows: true, leaf: leaf)
    let size = type.byteCount
    if split.blocks == 1 && split.tiles == 1 {
      Parallel.forEachChunk(count: outer, minimumChunk: split.minimumChunk) { range in
        olk_reduce(
          operation.cValue, type.cValue, input + range.lowerBound * count * inner * size, count * inner, inner,
          range.count, count, inner, output + range.lowerBound * inner * size, inner, 0)
      }
      return
    }
    // Units write accumulators for their row block (or results, when there is one block per column).
    let blocked = split.blocks > 1
    let accumulatorSize = ScalarType(rawValue: accumulator)!.byteCount
    let target = blocked
      ? UnsafeMutableRawPointer.allocate(byteCount: outer * split.blocks * inner * accumulatorSize, alignment: 16)
      : output
    defer { if blocked { target.deallocate() } }
    let targetSize = blocked ? accumulatorSize : size
    Parallel.forEachChunk(count: split.units, minimumChunk: split.minimumChunk) { range in
      for u in range {
        let (o, rows, columns) = split.unit(u)
        let block = rows.lowerBound / split.rowsPerBlock
        olk_reduce(
          operation.cValue, type.cValue, input + ((o * count + rows.lowerBound) * inner + columns.lowerBound) * size,
          0, inner, 1, rows.count, columns.count,
          target + ((o * split.blocks + block) * inner + columns.lowerBound) * targetSize, 0, blocked ? 1 : 0)
      }
    }
    if blocked {
      olk_reduce_partials(operation.cValue, type.cValue, target, outer, split.blocks, inner, output)
    }
  }
}
