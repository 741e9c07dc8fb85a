import COlympusKernels

/// Normalization of contiguous rows: the kernels behind `layerNorm`. Rows are shared among
/// threads, a thread taking at least about 2^14 elements.
public enum Normalization {
  /// `y = (x − mean)·rstd` per row of `n` elements, `rstd = 1/√(var + epsilon)` (biased
  /// variance); writes `y` [rows, n] and `rstd` [rows].
  public static func layerNorm(
    _ type: ScalarType, rows: Int, n: Int, epsilon: Double, x: UnsafeRawPointer, y: UnsafeMutableRawPointer,
    rstd: UnsafeMutableRawPointer
  ) {
    require(type.isFloatingPoint, "layer normalization takes float32 or float64")
    let size = type.byteCount
    forEachRows(rows, n) { range in
      olk_layer_norm_forward(
        type.cValue, range.count, n, epsilon, x + range.lowerBound * n * size, y + range.lowerBound * n * size,
        rstd + range.lowerBound * size)
    }
  }

  /// `dx = rstd·(g − mean(g) − y·mean(g·y))` per row, from the forward pass's `y` and `rstd`.
  public static func layerNormBackward(
    _ type: ScalarType, rows: Int, n: Int, y: UnsafeRawPointer, rstd: UnsafeRawPointer, g: UnsafeRawPointer,
    dx: UnsafeMutableRawPointer
  ) {
    require(type.isFloatingPoint, "layer normalization takes float32 or float64")
    let size = type.byteCount
    forEachRows(rows, n) { range in
      let offset = range.lowerBound * n * size
      olk_layer_norm_backward(
        type.cValue, range.count, n, y + offset, rstd + range.lowerBound * size, g + offset, dx + offset)
    }
  }

  private static func forEachRows(_ rows: Int, _ n: Int, _ body: (Range<Int>) -> Void) {
    Parallel.forEachChunk(count: rows, minimumChunk: Swift.max(1, (1 << 14) / Swift.max(n, 1)), body)
  }
}
