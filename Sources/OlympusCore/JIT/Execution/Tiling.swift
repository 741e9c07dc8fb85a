/// How tiles cover a fused cluster's elements so that folded reductions give the eager results
/// bit for bit: tiles of whole rows when rows fit in a tile, otherwise consecutive blocks of
/// `TileProgram.tileLength` elements per row (combined afterwards, as the reduction kernel's fixed
/// pairwise tree does).
struct Tiling {
  /// Elements of the cluster.
  let elementCount: Int
  /// Elements per tile (the last tile of the array, or of a row, may be shorter).
  let tileLength: Int
  /// The folded reductions' row length, when longer than a tile: the blocks of each row.
  let blocksPerRow: Int?
  /// The folded reductions' row length (`nil` without reductions).
  let rowLength: Int?

  init(elementCount: Int, rowLength: Int?, maximum: Int) {
    self.elementCount = elementCount
    self.rowLength = rowLength
    if let rowLength, rowLength > maximum {
      tileLength = maximum
      blocksPerRow = (rowLength + maximum - 1) / maximum
    } else {
      tileLength = rowLength.map { maximum / $0 * $0 } ?? maximum
      blocksPerRow = nil
    }
  }

  /// The number of tiles.
  var count: Int {
    if let blocksPerRow, let rowLength { return elementCount / rowLength * blocksPerRow }
    return (elementCount + tileLength - 1) / tileLength
  }

  /// The first element and element count of tile `index`.
  func tile(_ index: Int) -> (start: Int, count: Int) {
    if let blocksPerRow, let rowLength {
      let (row, block) = index.quotientAndRemainder(dividingBy: blocksPerRow)
      let offset = block * tileLength
      return (row * rowLength + offset, min(tileLength, rowLength - offset))
    }
    let start = index * tileLength
    return (start, min(tileLength, elementCount - start))
  }
}
