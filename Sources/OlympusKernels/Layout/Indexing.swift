import COlympusKernels

/// Gathers and scatters whole rows along one axis of a contiguous row-major array viewed as
/// `[outer, axisSize, inner]`.
public enum Indexing {
  /// Copies the rows `indices` names: `output[o, j, i] = input[o, indices[j], i]`.
  ///
  /// - Parameters:
  ///   - type: The element type (any).
  ///   - input: Contiguous `[outer, axisSize, inner]` elements.
  ///   - outer: The product of the dimensions before the indexed axis.
  ///   - axisSize: The length of the indexed axis.
  ///   - inner: The product of the dimensions after the indexed axis.
  ///   - indices: `indexCount` indices, each already checked to lie in `0..<axisSize`; may repeat.
  ///   - indexCount: The number of indices.
  ///   - output: Contiguous `[outer, indexCount, inner]` elements, written.
  public static func gather(
    _ type: ScalarType, input: UnsafeRawPointer, outer: Int, axisSize: Int, inner: Int,
    indices: UnsafePointer<Int64>, indexCount: Int, output: UnsafeMutableRawPointer
  ) {
    require(outer >= 0 && axisSize >= 0 && inner >= 0 && indexCount >= 0, "Indexing.gather: negative extent")
    let rows = outer * indexCount
    guard rows > 0 && inner > 0 else { return }
    let minimumRows = Swift.max(1, WorkSplit.parallelThreshold / 2 / inner)
    Parallel.forEachChunk(count: rows, minimumChunk: minimumRows) { range in
      olk_gather(
        type.byteCount, input, axisSize, inner, indices, indexCount, output, range.lowerBound, range.upperBound)
    }
  }
}
