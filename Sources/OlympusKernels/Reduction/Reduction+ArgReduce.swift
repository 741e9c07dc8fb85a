import COlympusKernels

extension Reduction {
  /// Elements per segment when one long row is split across threads.
  static let argSegment = 1 << 16

  /// Finds, for every `(outer, inner)` position, the index along the middle axis of the first maximum
  /// (or minimum).
  ///
  /// A NaN counts as the extreme, so the first NaN wins, like `numpy.argmax`. Ties resolve to the
  /// smallest index. The result does not depend on the thread count.
  ///
  /// - Parameters:
  ///   - maximum: `true` for the first maximum, `false` for the first minimum.
  ///   - type: The element type of `input` (any numeric type or bool).
  ///   - input: Contiguous row-major `[outer, count, inner]` elements.
  ///   - outer: The product of the dimensions before the reduced axis.
  ///   - count: The length of the reduced axis; must be positive.
  ///   - inner: The product of the dimensions after the reduced axis.
  ///   - output: Contiguous `[outer, inner]` indices in `0..<count`, written.
  public static func argReduce(
    maximum: Bool, _ type: ScalarType, input: UnsafeRawPointer, outer: Int, count: Int, inner: Int,
    output: UnsafeMutablePointer<Int64>
  ) {
    require(outer >= 0 && inner >= 0, "Reduction.argReduce: negative extent")
    require(count > 0, "Reduction.argReduce: the reduced axis is empty")
    guard outer > 0 && inner > 0 else { return }
    let size = type.byteCount
    let flag: Int32 = maximum ? 1 : 0
    if inner == 1 && outer < Parallel.threadCount && count >= 2 * argSegment && Parallel.threadCount > 1 {
      argReduceLongRows(maximum: maximum, type, input: input, outer: outer, count: count, output: output)
      return
    }
    let split = WorkSplit(outer: outer, count: count, inner: inner, splitRows: false)
    if split.tiles == 1 {
      Parallel.forEachChunk(count: outer, minimumChunk: split.minimumChunk) { range in
        olk_arg_reduce(
          flag, type.cValue, input + range.lowerBound * count * inner * size, count * inner, inner, range.count,
          count, inner, output + range.lowerBound * inner, inner)
      }
      return
    }
    Parallel.forEachChunk(count: split.units, minimumChunk: split.minimumChunk) { range in
      for u in range {
        let (o, _, columns) = split.unit(u)
        olk_arg_reduce(
          flag, type.cValue, input + (o * count * inner + columns.lowerBound) * size, 0, inner, 1, count,
          columns.count, output + o * inner + columns.lowerBound, 0)
      }
    }
  }

  /// `argReduce` for a few long contiguous rows: every segment of a row finds its own first extreme,
  /// then the first extreme among those candidates (in segment order) is the row's first extreme.
  private static func argReduceLongRows(
    maximum: Bool, _ type: ScalarType, input: UnsafeRawPointer, outer: Int, count: Int,
    output: UnsafeMutablePointer<Int64>
  ) {
    let size = type.byteCount
    let segments = (count + argSegment - 1) / argSegment
    let candidates = UnsafeMutablePointer<Int64>.allocate(capacity: outer * segments)
    defer { candidates.deallocate() }
    Parallel.forEachChunk(count: outer * segments, minimumChunk: 1) { range in
      for u in range {
        let (o, s) = u.quotientAndRemainder(dividingBy: segments)
        let start = s * argSegment
        olk_arg_reduce(
          maximum ? 1 : 0, type.cValue, input + (o * count + start) * size, 0, 1, 1,
          Swift.min(argSegment, count - start), 1, candidates + u, 0)
        candidates[u] += Int64(start)
      }
    }
    let values = UnsafeMutableRawPointer.allocate(byteCount: segments * size, alignment: 16)
    defer { values.deallocate() }
    for o in 0..<outer {
      let row = input + o * count * size
      Indexing.gather(
        type, input: row, outer: 1, axisSize: count, inner: 1, indices: candidates + o * segments,
        indexCount: segments, output: values)
      var best: Int64 = 0
      argReduce(maximum: maximum, type, input: values, outer: 1, count: segments, inner: 1, output: &best)
      output[o] = candidates[o * segments + Int(best)]
    }
  }
}
