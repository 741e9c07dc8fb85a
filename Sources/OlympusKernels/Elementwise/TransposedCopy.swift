import COlympusKernels

extension Elementwise {
  /// Copies `input` into the contiguous `output` block by block when its last axis is strided and
  /// another axis is adjacent in memory (a transposed matrix, a permutation that moves the last
  /// axis): `olk_copy_transposed` per 16 × 16 block instead of one input line per element. Returns
  /// `false`, having written nothing, for every other layout.
  static func copyTransposed(_ type: ScalarType, shape: [Int], input: StridedView, output: UnsafeMutableRawPointer) -> Bool {
    let rank = shape.count
    guard rank >= 2, StridedLoop.flatStride(input.strides, shape) == nil else { return false }
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 4 * rank) { buffer in
      let layout = CollapsedLayout(buffer, shape: shape, strides: (input.strides, input.strides, input.strides))
      let inner = layout.rank - 1
      let columnStride = inner > 0 ? layout.stride(0, inner) : 1
      // The output rows: the axis along which the input steps by one element.
      guard columnStride != 0, columnStride != 1,
        let rowAxis = (0..<inner).first(where: { layout.stride(0, $0) == 1 }),
        layout.extent(rowAxis) >= Self.transposedBlock, layout.extent(inner) >= Self.transposedBlock
      else { return false }
      // Output strides of the collapsed axes (the output is row-major over them).
      var outputStrides = [Int](repeating: 1, count: layout.rank)
      for axis in (0..<inner).reversed() { outputStrides[axis] = outputStrides[axis + 1] * layout.extent(axis + 1) }
      let otherAxes = (0..<inner).filter { $0 != rowAxis }
      let rows = layout.extent(rowAxis)
      let columns = layout.extent(inner)
      let rowBlocks = (rows + Self.transposedBlock - 1) / Self.transposedBlock
      let matrices = otherAxes.reduce(1) { $0 * layout.extent($1) }
      let size = type.byteCount
      let minimumItems = Swift.max(1, Self.transposedChunk / (Self.transposedBlock * columns))
      // A work item is one block of rows of one matrix.
      Parallel.forEachChunk(count: matrices * rowBlocks, minimumChunk: minimumItems) { items in
        for item in items {
          var matrix = item / rowBlocks
          var inputOffset = 0
          var outputOffset = 0
          for axis in otherAxes.reversed() {
            let coordinate = matrix % layout.extent(axis)
            matrix /= layout.extent(axis)
            inputOffset += coordinate * layout.stride(0, axis)
            outputOffset += coordinate * outputStrides[axis]
          }
          let firstRow = item % rowBlocks * Self.transposedBlock
          let count = Swift.min(Self.transposedBlock, rows - firstRow)
          _ = olk_copy_transposed(
            size, input.pointer + (inputOffset + firstRow) * size, 1, columnStride,
            output + (outputOffset + firstRow * outputStrides[rowAxis]) * size, outputStrides[rowAxis], count, columns)
        }
      }
      return true
    }
  }

  /// Rows per work item of `copyTransposed`, and the fewest rows and columns it takes: the C
  /// kernel's block side.
  private static let transposedBlock = 16

  /// The fewest elements worth a thread for `copyTransposed`: ~0.4 ns per element (measured on
  /// 256 × 256 float32), so 2^13 elements take ~3 µs against the ~1 µs fork and join.
  private static let transposedChunk = 1 << 13
}
