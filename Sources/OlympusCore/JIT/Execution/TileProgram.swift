import OlympusKernels

/// A fused cluster compiled for tiles: instructions over tile buffers, and how tiles cover the
/// cluster's elements.
final class TileProgram {
  /// Where a value of the cluster lives during a tile. Indices are 32-bit, so that a location
  /// takes 8 bytes and an instruction 40: a large graph's programs hold one instruction per fused
  /// equation (10⁵ of them in J1's 800-step gradient).
  enum Location: Equatable {
    /// Operand `index` of the cluster, read from memory.
    case input(Int32)
    /// Scratch buffer `index`, one strip long, reused once its value is dead.
    case scratch(Int32)
    /// Scratch buffer `index` of the tile-long ones, holding a value that a fold reads once the
    /// tile's strips have run, of elements of `elementSize` bytes.
    case tileScratch(Int32, elementSize: UInt8)
    /// Result `index` of the cluster, written to memory.
    case output(Int32)
    /// Vector registers of a register chain (see `Elementwise.runProgram`): as an operand, the
    /// previous instruction's result; as a result, a value only the next instruction reads.
    case register
  }

  /// One elementwise kernel call per strip. Plain values only (no arrays), so the parallel tile
  /// loop reads instructions without reference counting; the kernel is placed into an
  /// `Elementwise.ProgramStep` (128 bytes) only while a range of tiles runs.
  struct Instruction {
    /// The kernel.
    let kernel: Elementwise.ProgramStep.Kernel
    /// Where its operands are; slots past the kernel's operand count repeat the first.
    let operands: (Location, Location, Location)
    /// Where it writes.
    let result: Location
    /// On the first instruction of a register chain, the chain's number of instructions; 0 on
    /// every other instruction.
    var chainLength: Int32 = 0

    /// `kernel` applied to `inputs` (one to three), each found by `place`, writing to `result`.
    init(_ kernel: Elementwise.ProgramStep.Kernel, inputs: Graph.Equation.Operands, place: (Graph.Atom) -> Location, result: Location) {
      self.kernel = kernel
      let first = place(inputs[0])
      operands = (first, inputs.count > 1 ? place(inputs[1]) : first, inputs.count > 2 ? place(inputs[2]) : first)
      self.result = result
    }

    /// Bit i set for operand slot i read from registers.
    var passedOperands: Int {
      (operands.0 == .register ? 1 : 0) | (operands.1 == .register ? 2 : 0) | (operands.2 == .register ? 4 : 0)
    }

    /// The program step that runs the instruction, its chain flags set (operands and result not
    /// placed).
    var step: Elementwise.ProgramStep {
      var step = Elementwise.ProgramStep(kernel)
      let passed = passedOperands
      if chainLength > 0 || passed != 0 {
        step.chain(length: Int(chainLength), passedOperands: passed, storesResult: result != .register)
      }
      return step
    }
  }

  /// One reduction folded per tile.
  struct Fold {
    /// The combining operation.
    let operation: ReductionOperation
    /// The element type of the reduced value.
    let type: ScalarType
    /// Where the reduced value is.
    let source: Location
    /// The cluster result it produces.
    let output: Int
    /// Bytes per accumulator of blocks of long rows.
    var accumulatorSize: Int { Reduction.accumulatorType(operation, type).byteCount }
  }

  /// Elements a tile holds at most: a power of two of at least 2048, as folding blocks of long
  /// rows requires. On W5 (11 float32 operations over 10^6 elements) tiles of 1024 to 4096
  /// elements ran equally fast and 8192 or more ~20 % slower (scratch leaves L2).
  static let tileLength = 2048

  /// Elements each instruction computes before the next instruction runs: a tile runs strip by
  /// strip (`Elementwise.runProgram`), so a strip's values stay in the L1 cache from the
  /// instruction that writes them to those that read them. On W5 (9 float32 instructions, 10^6
  /// elements) strips of 512 ran ~10 % faster on one thread than whole tiles, whose scratch
  /// spills to L2 (256 and 1024 were no faster than 512; a busy machine).
  static let stripLength = 512

  /// Ranges of tiles per thread: threads claim them as they become free, so one that is
  /// descheduled (on a busy machine) holds up the call by at most one range.
  static let chunksPerThread = 8

  /// Bytes between consecutive strip scratch buffers: a strip of 8-byte elements and half a page,
  /// so that the float32 strips of neighbouring buffers lie in different halves of a 4 KiB page:
  /// different L1 cache sets, and no false dependences of loads on stores to another buffer (the
  /// core compares the low 12 address bits).
  static let stripSlotBytes = stripLength * 8 + 2048

  /// The cluster's operands read from outside (see `FusedCluster.inputs`).
  let inputs: [Graph.Atom]
  /// The cluster's values used after it (see `FusedCluster.outputs`).
  let outputs: [Graph.Variable]
  /// The element size in bytes of each result (kept, so that a run allocates no list of them).
  let resultElementSizes: [Int]
  /// Elements of each elementwise value of the cluster.
  let elementCount: Int
  /// Elements each reduction folds into one result; `nil` without reductions.
  let rowLength: Int?
  /// The elementwise equations, in the order they run (see `chainingOrder`).
  let instructions: [Instruction]
  /// The reductions, run after the instructions on each tile.
  let folds: [Fold]
  /// Strip scratch buffers a tile needs.
  let scratchCount: Int
  /// Tile-long scratch buffers a tile needs (for values that folds read).
  let tileScratchCount: Int
  /// For each cluster operand, the last instruction that reads it (-1 for none).
  let lastRead: [Int]
  /// For each cluster result, the instruction that writes it (`Int.max` for reduction results).
  let writer: [Int]

  /// `cluster` compiled. The program keeps what running it needs, not the cluster's equations,
  /// so that a compiled graph holds each equation once (in its graph).
  init(_ cluster: FusedCluster) {
    inputs = cluster.inputs
    outputs = cluster.outputs
    resultElementSizes = cluster.outputs.map(\.type.dtype.byteCount)
    elementCount = cluster.elementCount
    rowLength = cluster.rowLength
    // Tables sized up front: a cluster of a large graph holds thousands of equations, and tables
    // grown step by step would allocate (and copy) each size on the way.
    var location: [Int: Location] = [:]
    location.reserveCapacity(cluster.inputs.count + cluster.equations.count)
    for (index, atom) in cluster.inputs.enumerated() {
      if case .variable(let variable) = atom { location[variable.id] = .input(Int32(index)) }
    }
    var outputIndex: [Int: Int] = [:]
    outputIndex.reserveCapacity(cluster.outputs.count)
    for (index, variable) in cluster.outputs.enumerated() { outputIndex[variable.id] = index }
    // Large clusters' equations in an order that makes register chains long, and which of them can
    // pass values in registers (a chain links neighbours that both can, the later reading the
    // earlier's result).
    let (equations, inRegisters) =
      cluster.elementCount >= Self.chainMinimumElementCount ? Self.chainingOrder(cluster.equations) : (cluster.equations, [])
    let runsChains = inRegisters.contains(true)
    // The last instruction reading each value (folds read at the end of the tile), how many
    // operands read it (where chains run), and each equation's kernel.
    var lastUse: [Int: Int] = [:]
    lastUse.reserveCapacity(cluster.inputs.count + cluster.equations.count)
    var readCount: [Int: Int] = [:]
    if runsChains { readCount.reserveCapacity(cluster.inputs.count + cluster.equations.count) }
    var kernels: [Elementwise.ProgramStep.Kernel] = []
    kernels.reserveCapacity(cluster.equations.count)
    for (index, equation) in equations.enumerated() {
      equations.prefetch(index + Graph.Equation.prefetchDistance)
      for case .variable(let variable) in equation.inputs {
        lastUse[variable.id] = index
        if runsChains { readCount[variable.id, default: 0] += 1 }
      }
      kernels.append(TileOperation(equation.primitive)!.kernel(for: equation.inputs))
    }
    for equation in cluster.reductions {
      if case .variable(let variable) = equation.inputs[0] { lastUse[variable.id] = Int.max }
    }
    var constants: [AtomKey: Int] = [:]
    constants.reserveCapacity(cluster.inputs.count)
    for (index, atom) in cluster.inputs.enumerated() { constants[AtomKey(atom)] = index }
    func place(_ atom: Graph.Atom) -> Location {
      if case .variable(let variable) = atom, let placed = location[variable.id] { return placed }
      return .input(Int32(constants[AtomKey(atom)]!))
    }
    var free: [Int32] = []
    var scratchCount = 0
    var tileScratchCount = 0
    var lastRead = [Int](repeating: -1, count: cluster.inputs.count)
    var writer = [Int](repeating: Int.max, count: cluster.outputs.count)
    var instructions: [Instruction] = []
    instructions.reserveCapacity(cluster.equations.count)
    // The previous instruction's result, when this instruction may read it from registers; the
    // first instruction of the current chain and the chain's instructions so far (this one's
    // included).
    var passed: Graph.Variable?
    var chainStart = 0
    var chainLength = 0
    for (index, equation) in equations.enumerated() {
      equations.prefetch(index + Graph.Equation.prefetchDistance)
      let inputs = equation.inputs
      let result = equation.outputs[0]
      if passed != nil && inputs.contains(where: { $0.variableIfAny == passed }) {
        chainLength += 1
      } else {
        (chainStart, chainLength) = (index, 1)
      }
      // Whether the next instruction may read this one's result from registers.
      let next = index + 1
      let passes = runsChains && inRegisters[index] && next < inRegisters.count && inRegisters[next]
        && chainLength < Elementwise.ProgramStep.maximumChainLength
      let placed: Location
      if let output = outputIndex[result.id] {
        placed = .output(Int32(output))
        writer[output] = index
      } else if passes, lastUse[result.id] == next,
        readCount[result.id] == equations[next].inputs.count(where: { $0.variableIfAny == result })
      {
        // Only the next instruction reads it: it stays in registers.
        placed = .register
      } else if lastUse[result.id] == Int.max {
        placed = .tileScratch(Int32(tileScratchCount), elementSize: UInt8(result.type.dtype.byteCount))
        tileScratchCount += 1
      } else if let slot = free.popLast() {
        placed = .scratch(slot)
      } else {
        placed = .scratch(Int32(scratchCount))
        scratchCount += 1
      }
      let instruction = Instruction(
        kernels[index], inputs: inputs,
        place: { atom in passed != nil && atom.variableIfAny == passed ? .register : place(atom) }, result: placed)
      // (Slots past the operand count repeat the first operand, which this instruction reads too.)
      func noteRead(_ operand: Location) {
        if case .input(let input) = operand { lastRead[Int(input)] = index }
      }
      noteRead(instruction.operands.0)
      noteRead(instruction.operands.1)
      noteRead(instruction.operands.2)
      location[result.id] = placed
      instructions.append(instruction)
      if chainLength > 1 { instructions[chainStart].chainLength = Int32(chainLength) }
      passed = passes ? result : nil
      // Buffers whose value this instruction read last are free for later instructions.
      // (Each once, in operand order: an instruction has at most three operands.)
      for position in inputs.indices {
        guard case .variable(let variable) = inputs[position], lastUse[variable.id] == index,
          !inputs[..<position].contains(where: { $0.variableIfAny == variable })
        else { continue }
        if case .scratch(let slot) = location[variable.id] { free.append(slot) }
      }
    }
    folds = cluster.reductions.map { equation in
      let reduction = equation.primitive as! any ReductionPrimitive
      return Fold(
        operation: reduction.operation, type: equation.inputs[0].type.dtype.scalarType, source: place(equation.inputs[0]),
        output: outputIndex[equation.outputs[0].id]!)
    }
    self.instructions = instructions
    self.scratchCount = scratchCount
    self.tileScratchCount = tileScratchCount
    self.lastRead = lastRead
    self.writer = writer
  }
}

extension Graph.Atom {
  /// The variable, for a variable operand.
  var variableIfAny: Graph.Variable? {
    if case .variable(let variable) = self { return variable }
    return nil
  }
}
