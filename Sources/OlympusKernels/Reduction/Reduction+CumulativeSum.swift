import COlympusKernels

extension Reduction {
  /// Computes inclusive prefix sums along the middle axis: `output[o, k, i]` is the sum of
  /// `input[o, j, i]` for `j ≤ k`.
  ///
  /// Float prefixes run in a float64 accumulator in index order and each output is that running sum
  /// rounded to the element type: output `k` is within `k · 2⁻⁵³ · Σⱼ≤ₖ|xⱼ|` of the exact prefix sum,
  /// plus (float32) one rounding, `2⁻²⁴ |sum|`. Integer prefixes wrap around. Rows and column tiles
  /// run on separate threads; each prefix is computed the same way whatever the thread count.
  ///
  /// - Parameters:
  ///   - type: float32, float64, int32 or int64.
  ///   - input: Contiguous row-major `[outer, count, inner]` elements.
  ///   - outer: The product of the dimensions before the scanned axis.
  ///   - count: The length of the scanned axis.
  ///   - inner: The product of the dimensions after the scanned axis.
  ///   - output: Contiguous `[outer, count, inner]` elements of `type`, written; may be `input`.
  public static func cumulativeSum(
    _ type: ScalarType, input: UnsafeRawPointer, outer: Int, count: Int, inner: Int,
    output: UnsafeMutableRawPointer
  ) {
    require(outer >= 0 && count >= 0 && inner >= 0, "Reduction.cumulativeSum: negative extent")
    require(type != .bool, "Reduction.cumulativeSum: bool is not numeric")
    guard outer > 0 && count > 0 && inner > 0 else { return }
    let size = type.byteCount
    let split = WorkSplit(outer: outer, count: count, inner: inner, splitRows: false)
    if split.tiles == 1 {
      Parallel.forEachChunk(count: outer, minimumChunk: split.minimumChunk) { range in
        let offset = range.lowerBound * count * inner * size
        olk_cumulative_sum(type.cValue, input + offset, output + offset, count * inner, inner, range.count, count, inner)
      }
      return
    }
    Parallel.forEachChunk(count: split.units, minimumChunk: split.minimumChunk) { range in
      for u in range {
        let (o, _, columns) = split.unit(u)
        let offset = (o * count * inner + columns.lowerBound) * size
        olk_cumulative_sum(type.cValue, input + offset, output + offset, 0, inner, 1, count, columns.count)
      }
    }
  }
}
