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
    let tiling = Tiling(elementCount: elementCount, rowLength: rowLength, maximum: Self.tileLength)
    // Long rows fold into one accumulator per block, combined once every tile has run.
    let partials: [UnsafeMutableRawPointer?] = folds.map { fold in
      guard let blocks = tiling.blocksPerRow else { return nil }
      let rows = elementCount / tiling.rowLength!
      return UnsafeMutableRawPointer.allocate(byteCount: rows * blocks * fold.accumulatorSize, alignment: 64)
    }
    defer { for case let buffer? in partials { buffer.deallocate() } }
    // Strip slots first (from the block's start, whose offsets `stripSlotBytes` was chosen for),
    // then the slots that hold values for a whole tile, then the placed steps.
    let stripStride = Self.stripSlotBytes
    let tileStride = Self.tileLength * 8
    let tileScratchBase = scratchCount * stripStride
    let stepsBase = tileScratchBase + tileScratchCount * tileStride
    let stripLength = Self.stripLength
    // A thread is worth ~2^15 kernel-element applications against the ~1 µs fork and join.
    let minimumTiles = max(1, (1 << 15) / (tiling.tileLength * max(instructions.count, 1)))
    let scratchBytes = max(stepsBase + instructions.count * MemoryLayout<Elementwise.ProgramStep>.stride, 1)
    instructions.withUnsafeBufferPointer { instructions in
      operands.withUnsafeBufferPointer { operands in
        results.withUnsafeBufferPointer { results in
          resultElementSizes.withUnsafeBufferPointer { resultElementSizes in
            Parallel.forEachChunk(count: tiling.count, minimumChunk: minimumTiles, chunksPerThread: Self.chunksPerThread) {
              tiles in
              let scratch = BufferPool.allocate(byteCount: scratchBytes)
              defer { BufferPool.release(scratch, byteCount: scratchBytes) }
              // The steps, placed for each run of the range, at the end of the scratch block: a
              // temporary allocation of over a kilobyte would come from the C allocator on every
              // call, whose large requests sweep its free lists (slow in a process holding 10⁵
              // small blocks, as while a large jitted gradient runs).
              let steps = UnsafeMutableBufferPointer(
                start: (scratch + stepsBase).bindMemory(to: Elementwise.ProgramStep.self, capacity: instructions.count),
                count: instructions.count)
              for (step, instruction) in zip(steps.indices, instructions) {
                (steps.baseAddress! + step).initialize(to: instruction.step)
              }
              let program = UnsafeBufferPointer(steps)
              // Where `location` (in memory) is at element `start` of the cluster, its element
              // stride, and the bytes it moves per element.
              func place(_ location: Location, at start: Int) -> (pointer: UnsafeRawPointer, stride: Int, advance: Int) {
                switch location {
                case .input(let input):
                  let operand = operands[Int(input)]
                  let advance = operand.stride * operand.size
                  return (operand.pointer + start * advance, operand.stride, advance)
                case .scratch(let slot): return (UnsafeRawPointer(scratch + Int(slot) * stripStride), 1, 0)
                case .tileScratch(let slot, let size):
                  return (UnsafeRawPointer(scratch + tileScratchBase + Int(slot) * tileStride), 1, Int(size))
                case .output(let output):
                  let output = Int(output)
                  return (UnsafeRawPointer(results[output] + start * resultElementSizes[output]), 1, resultElementSizes[output])
                case .register: preconditionFailure("values in registers have no address")
                }
              }
              // Runs the instructions on `count` elements from element `start`, strip by strip.
              func run(from start: Int, count: Int) {
                for (step, instruction) in zip(steps.indices, instructions) {
                  func set(_ operand: Int, _ location: Location) {
                    guard location != .register else { return }
                    let (pointer, stride, advance) = place(location, at: start)
                    steps[step].setOperand(operand, pointer: pointer, stride: stride, advance: advance)
                  }
                  set(0, instruction.operands.0)
                  if steps[step].operandCount > 1 { set(1, instruction.operands.1) }
                  if steps[step].operandCount > 2 { set(2, instruction.operands.2) }
                  if instruction.result != .register {
                    let (pointer, _, advance) = place(instruction.result, at: start)
                    steps[step].setResult(pointer: UnsafeMutableRawPointer(mutating: pointer), advance: advance)
                  }
                }
                Elementwise.runProgram(program, count: count, stripLength: stripLength)
              }
              // Without folds nothing happens between tiles: the range's tiles, which cover
              // consecutive elements, run as one.
              guard !folds.isEmpty else {
                let first = tiling.tile(tiles.lowerBound).start
                let last = tiling.tile(tiles.upperBound - 1)
                run(from: first, count: last.start + last.count - first)
                return
              }
              for index in tiles {
                let (start, count) = tiling.tile(index)
                run(from: start, count: count)
                for (fold, partial) in zip(folds, partials) {
                  let source = place(fold.source, at: start).pointer
                  if let partial {
                    Reduction.accumulateRows(
                      fold.operation, fold.type, input: source, rows: 1, count: count,
                      output: partial + index * fold.accumulatorSize, toAccumulator: true)
                  } else {
                    let rowLength = tiling.rowLength!
                    Reduction.accumulateRows(
                      fold.operation, fold.type, input: source, rows: count / rowLength, count: rowLength,
                      output: results[fold.output] + start / rowLength * resultElementSizes[fold.output], toAccumulator: false)
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
        fold.operation, fold.type, partials: partial, rows: elementCount / rowLength, blocks: blocks,
        output: results[fold.output])
    }
  }
}
