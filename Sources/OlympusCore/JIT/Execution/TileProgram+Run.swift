import OlympusKernels

extension TileProgram {
  /// An operand in memory: its first element, its element stride over the cluster (1, or 0 for a
  /// repeated element) and its element size.
  struct Operand {
    let pointer: UnsafeRawPointer
    let stride: Int
    let size: Int
  }

  /// Runs the cluster over its tiles, in parallel for large clusters: reads `operands`, writes
  /// every result into `results` (contiguous buffers of the results' types).
  func run(operands: [Operand], results: [UnsafeMutableRawPointer]) {
    let tiling = Tiling(elementCount: cluster.elementCount, rowLength: cluster.rowLength, maximum: Self.tileLength)
    let resultSizes = cluster.outputs.map(\.type.dtype.byteCount)
    // Long rows fold into one accumulator per block, combined once every tile has run.
    let partials: [UnsafeMutableRawPointer?] = folds.map { fold in
      guard let blocks = tiling.blocksPerRow else { return nil }
      let rows = cluster.elementCount / tiling.rowLength!
      return UnsafeMutableRawPointer.allocate(byteCount: rows * blocks * fold.accumulatorSize, alignment: 64)
    }
    defer { for case let buffer? in partials { buffer.deallocate() } }
    let scratchStride = Self.tileLength * 8
    // A thread is worth ~2^15 kernel-element applications against the ~1 µs fork and join.
    let minimumTiles = max(1, (1 << 15) / (tiling.tileLength * max(instructions.count, 1)))
    let scratchBytes = max(scratchCount, 1) * scratchStride
    instructions.withUnsafeBufferPointer { instructions in
      operands.withUnsafeBufferPointer { operands in
        results.withUnsafeBufferPointer { results in
          resultSizes.withUnsafeBufferPointer { resultSizes in
            Parallel.forEachChunk(count: tiling.count, minimumChunk: minimumTiles) { tiles in
              let scratch = BufferPool.allocate(byteCount: scratchBytes)
              defer { BufferPool.release(scratch, byteCount: scratchBytes) }
              withUnsafeTemporaryAllocation(of: (pointer: UnsafeRawPointer, stride: Int).self, capacity: 3) { arguments in
                let arguments = arguments.baseAddress!
                for index in tiles {
                  let (start, count) = tiling.tile(index)
                  func address(_ location: Location) -> (pointer: UnsafeRawPointer, stride: Int) {
                    switch location {
                    case .input(let input):
                      let operand = operands[input]
                      return (operand.pointer + start * operand.stride * operand.size, operand.stride)
                    case .scratch(let slot): return (UnsafeRawPointer(scratch + slot * scratchStride), 1)
                    case .output(let output): return (UnsafeRawPointer(results[output] + start * resultSizes[output]), 1)
                    }
                  }
                  for instruction in instructions {
                    arguments[0] = address(instruction.operands.0)
                    if instruction.operandCount > 1 { arguments[1] = address(instruction.operands.1) }
                    if instruction.operandCount > 2 { arguments[2] = address(instruction.operands.2) }
                    instruction.operation.run(
                      arguments, types: instruction.types,
                      output: UnsafeMutableRawPointer(mutating: address(instruction.result).pointer), count: count)
                  }
                  for (fold, partial) in zip(folds, partials) {
                    let source = address(fold.source).pointer
                    if let partial {
                      Reduction.accumulateRows(
                        fold.operation, fold.type, input: source, rows: 1, count: count,
                        output: partial + index * fold.accumulatorSize, toAccumulator: true)
                    } else {
                      let rowLength = tiling.rowLength!
                      Reduction.accumulateRows(
                        fold.operation, fold.type, input: source, rows: count / rowLength, count: rowLength,
                        output: results[fold.output] + start / rowLength * resultSizes[fold.output], toAccumulator: false)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    for (fold, partial) in zip(folds, partials) {
      guard let partial, let blocks = tiling.blocksPerRow, let rowLength = tiling.rowLength else { continue }
      Reduction.combinePartials(
        fold.operation, fold.type, partials: partial, rows: cluster.elementCount / rowLength, blocks: blocks,
        output: results[fold.output])
    }
  }
}
