/// How a kernel over a contiguous `[outer, count, inner]` array is cut into work units for
/// `Parallel.forEachChunk`: every outer index, times blocks of `rowsPerBlock` rows along `count`
/// (`blocks` of them), times tiles of `tileWidth` columns along `inner` (`tiles` of them).
///
/// The split only decides which thread does what; the kernels' results do not depend on it.
struct WorkSplit {
  /// Elements below which a kernel runs on the calling thread, and twice the fewest elements a
  /// thread gets. Measured on a 2-core AVX2/FMA machine: a two-chunk `Parallel.forEachChunk` costs
  /// about 5 µs when the second thread joins, and summing 2^16 float32 values in cache takes 4 µs.
  static let parallelThreshold = 1 << 17
  /// The work unit size the split aims for, in elements.
  static let unitElements = 1 << 16
  /// The granularity of column tiles.
  static let tileQuantum = 64

  let outer: Int
  let count: Int
  let inner: Int
  let rowsPerBlock: Int
  let blocks: Int
  let tileWidth: Int
  let tiles: Int

  /// Splits the array for `Parallel.threadCount` threads.
  ///
  /// - Parameters:
  ///   - splitRows: Whether blocks along `count` are allowed (only for kernels that can combine them).
  ///   - leaf: The least rows per block (a power of two); blocks are powers of two no smaller than it.
  init(outer: Int, count: Int, inner: Int, splitRows: Bool, leaf: Int = 1) {
    self.outer = outer
    self.count = count
    self.inner = inner
    let wanted = 4 * Parallel.threadCount
    let parallel = Parallel.threadCount > 1 && outer * count * inner >= Self.parallelThreshold
    var tiles = 1
    if parallel && inner > 1 && outer < wanted {
      tiles = Swift.min((inner + Self.tileQuantum - 1) / Self.tileQuantum, (wanted + outer - 1) / outer)
    }
    let width = (inner + tiles - 1) / tiles
    tileWidth = (width + Self.tileQuantum - 1) / Self.tileQuantum * Self.tileQuantum
    self.tiles = (inner + tileWidth - 1) / tileWidth
    var rows = Swift.max(count, 1)
    if parallel && splitRows && outer * self.tiles < wanted {
      let target = Swift.max(leaf, Self.unitElements / Swift.min(tileWidth, inner))
      rows = Swift.min(rows, 1 << (Int.bitWidth - (target - 1).leadingZeroBitCount))
      rows = Swift.max(rows, leaf)
    }
    rowsPerBlock = rows
    blocks = Swift.max((count + rows - 1) / rows, 1)
  }

  /// The number of work units.
  var units: Int { outer * blocks * tiles }

  /// Units worth a thread of their own.
  var minimumChunk: Int {
    Swift.max(1, Self.parallelThreshold / 2 / Swift.max(Swift.min(rowsPerBlock, count) * Swift.min(tileWidth, inner), 1))
  }

  /// The outer index, row range and column range of unit `u`.
  func unit(_ u: Int) -> (outer: Int, rows: Range<Int>, columns: Range<Int>) {
    let t = u % tiles, b = (u / tiles) % blocks, o = u / (tiles * blocks)
    let rows = b * rowsPerBlock..<Swift.min(count, (b + 1) * rowsPerBlock)
    return (o, rows, t * tileWidth..<Swift.min(inner, (t + 1) * tileWidth))
  }
}
