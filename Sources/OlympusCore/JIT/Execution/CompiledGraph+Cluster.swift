import OlympusKernels

extension CompiledGraph {
  /// The lists a cluster's run fills, kept empty between the clusters of a call so that their
  /// memory is allocated once a call: a list over a kilobyte comes from the C allocator, whose
  /// large requests sweep its free lists (slow in a process holding 10⁵ small blocks, as while a
  /// large jitted gradient runs).
  struct ClusterLists {
    /// Operands that hold elements of a gathered operand.
    var kept: [Tensor] = []
    /// Operands' buffers reclaimed, by operand position.
    var reclaimed: [(input: Int, storage: Storage)] = []
    /// The gathered operands.
    var operands: [TileProgram.Operand] = []
    /// The results' buffers.
    var results: [Storage] = []
    /// Where the results' elements go.
    var resultAddresses: [UnsafeMutableRawPointer] = []

    /// Empty lists with room for `operandCount` operands and `resultCount` results.
    init(operandCount: Int, resultCount: Int) {
      kept.reserveCapacity(operandCount)
      reclaimed.reserveCapacity(operandCount)
      operands.reserveCapacity(operandCount)
      results.reserveCapacity(resultCount)
      resultAddresses.reserveCapacity(resultCount)
    }
  }

  /// Runs the cluster of step `index`: gathers its operands (reclaiming the buffers of those that
  /// die here and that nothing else shares), writes its results into reclaimed buffers where the
  /// tile program allows it and into new ones otherwise. `lists` are empty before and after.
  func run(_ program: TileProgram, at index: Int, _ values: inout [Tensor?], donated: Set<Int>, lists: inout ClusterLists) {
    defer {
      lists.kept.removeAll(keepingCapacity: true)
      lists.reclaimed.removeAll(keepingCapacity: true)
      lists.operands.removeAll(keepingCapacity: true)
      lists.results.removeAll(keepingCapacity: true)
      lists.resultAddresses.removeAll(keepingCapacity: true)
    }
    for (position, atom) in program.inputs.enumerated() {
      var tensor: Tensor? = read(atom, values)
      if plansMemory, case .variable(let variable) = atom, lastUse[variable.id] == index,
        donated.contains(variable.id) || !graph.inputs.contains(variable)
      {
        values[variable.id] = nil
        if let storage = takeUniqueStorage(&tensor) {
          lists.reclaimed.append((position, storage))
          lists.operands.append(TileProgram.Operand(pointer: storage.base, stride: 1, size: atom.type.dtype.byteCount))
          continue
        }
      }
      let (operand, holder) = tileOperand(tensor!)
      lists.operands.append(operand)
      lists.kept.append(holder)
    }
    for (output, variable) in program.outputs.enumerated() {
      let byteCount = variable.type.elementCount * variable.type.dtype.byteCount
      let writer = program.writer[output]
      if let candidate = lists.reclaimed.firstIndex(where: {
        $0.storage.byteCount == byteCount && program.lastRead[$0.input] < writer && writer != Int.max
      }) {
        lists.results.append(lists.reclaimed.remove(at: candidate).storage)
      } else {
        lists.results.append(Storage.allocate(byteCount: byteCount))
      }
      lists.resultAddresses.append(lists.results[output].base)
    }
    program.run(operands: lists.operands, results: lists.resultAddresses)
    for (variable, storage) in zip(program.outputs, lists.results) where isUsed(variable) {
      values[variable.id] = Tensor(storage: storage, shape: variable.type.shape, dtype: variable.type.dtype)
    }
  }

  /// `tensor` as a tile operand of its own shape, and the tensor that holds the elements: a
  /// broadcast element is read with stride 0, contiguous elements with stride 1, other layouts
  /// are copied first.
  private func tileOperand(_ tensor: Tensor) -> (TileProgram.Operand, Tensor) {
    let handle = tensor.handle
    let size = tensor.dtype.byteCount
    if zip(handle.shape, handle.strides).allSatisfy({ $0 == 1 || $1 == 0 }) {
      return (TileProgram.Operand(pointer: tensor.baseAddress, stride: 0, size: size), tensor)
    }
    let contiguous = tensor.contiguous()
    return (TileProgram.Operand(pointer: contiguous.baseAddress, stride: 1, size: size), contiguous)
  }

  /// The storage of `tensor` when nothing else refers to the tensor or to its storage, which holds
  /// exactly its elements in order; `tensor` is then set to `nil`. Otherwise `tensor` stays usable.
  private func takeUniqueStorage(_ tensor: inout Tensor?) -> Storage? {
    let type = tensor!.type
    guard tensor!.handle.offset == 0, tensor!.isContiguous,
      tensor!.handle.storage?.byteCount == type.elementCount * type.dtype.byteCount
    else { return nil }
    var handle: TensorHandle? = tensor!.handle
    tensor = nil
    guard isKnownUniquelyReferenced(&handle!) else {
      tensor = Tensor(handle: handle!)
      return nil
    }
    var storage = handle!.storage
    handle = nil
    guard isKnownUniquelyReferenced(&storage!) else {
      tensor = Tensor(storage: storage!, shape: type.shape, dtype: type.dtype)
      return nil
    }
    return storage
  }
}

extension Tensor {
  /// The tensor described by `handle`.
  init(handle: TensorHandle) { self.handle = handle }
}

extension Storage {
  /// Bytes requested when the storage was made.
  var byteCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.byteCount } }
}
