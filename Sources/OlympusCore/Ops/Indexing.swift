extension Tensor {
  /// The elements picked by NumPy-style basic indexing: integers remove an axis, ranges (with
  /// steps, negative ones too) keep it, `.newAxis` adds one, `.ellipsis` stands for the axes not
  /// mentioned. The result is a view; nothing is copied.
  public subscript(_ indices: any TensorIndexConvertible...) -> Tensor {
    basicIndexing(indices.map(\.tensorIndex))
  }

  /// The variadic subscript with its entries in an array (`x[indices: entries]` is `x[e0, e1, …]`),
  /// for code that builds the entries at run time.
  public subscript(indices indices: [any TensorIndexConvertible]) -> Tensor {
    basicIndexing(indices.map(\.tensorIndex))
  }

  /// The slices along axis 0 picked by an integer tensor (NumPy's `x[indices]`).
  public subscript(_ indices: Tensor) -> Tensor { take(indices, axis: 0) }

  private func basicIndexing(_ entries: [TensorIndex]) -> Tensor {
    checked { () throws(OlympusError) in
      let operation = "subscript"
      let ellipses = entries.filter { $0 == .remainingAxes }.count
      let consuming = entries.filter { $0 != .remainingAxes && $0 != .insertedAxis }.count
      guard ellipses <= 1, consuming <= rank else {
        throw OlympusError(operation, "\(consuming) indices\(ellipses > 1 ? " and several ellipses" : "") for \(type)")
      }
      var expanded: [TensorIndex] = []
      for entry in entries {
        if entry == .remainingAxes {
          expanded += Array(repeating: TensorIndex.all, count: rank - consuming)
        } else {
          expanded.append(entry)
        }
      }
      if ellipses == 0 { expanded += Array(repeating: TensorIndex.all, count: rank - consuming) }

      var start = [Int](repeating: 0, count: rank)
      var limit = shape
      var steps = [Int](repeating: 1, count: rank)
      var flips: [Int] = []
      var resultShape: [Int] = []
      var axis = 0
      for entry in expanded {
        switch entry {
        case .insertedAxis:
          resultShape.append(1)
          continue
        case .remainingAxes:
          continue
        case .index(let position):
          let size = shape[axis]
          guard -size <= position, position < size else {
            throw OlympusError(operation, "index \(position) is out of range for axis \(axis) of \(type)")
          }
          start[axis] = position < 0 ? position + size : position
          limit[axis] = start[axis] + 1
        case .range(let lower, let upper, let step):
          guard step != 0 else { throw OlympusError(operation, "slice step cannot be zero (axis \(axis) of \(type))") }
          let (first, count) = sliceBounds(lower, upper, step, size: shape[axis])
          if step > 0 {
            start[axis] = first
            steps[axis] = step
            limit[axis] = count == 0 ? first : first + (count - 1) * step + 1
          } else {
            flips.append(axis)
            let flippedFirst = shape[axis] - 1 - first
            start[axis] = count == 0 ? 0 : flippedFirst
            steps[axis] = -step
            limit[axis] = count == 0 ? 0 : flippedFirst + (count - 1) * -step + 1
          }
          resultShape.append(count)
        }
        axis += 1
      }
      let oriented = flips.isEmpty ? self : bind(Flip(axes: flips), self)
      let sliced = bind(Slice(start: start, limit: limit, strides: steps), oriented)
      return sliced.reshaped(to: resultShape)
    }
  }

  /// Picks slices along `axis` by an integer tensor of indices (NumPy's `take`); the index
  /// tensor's shape replaces that axis. Negative indices count from the end; indices out of range
  /// are rejected.
  public func take(_ indices: Tensor, axis: Int = 0) -> Tensor {
    checked { () throws(OlympusError) in
      let normalized = try normalizedAxis(axis, rank: rank, "take(_:axis:)", type)
      try checkIndexRange(indices, size: shape[normalized], "take(_:axis:)", axis: axis)
      return bind(Take(axis: normalized), self, indices)
    }
  }

  /// This tensor with `updates` added at `indices` along `axis`; repeated indices accumulate
  /// (NumPy's `np.add.at`). `updates` broadcasts to the shape `take(indices, axis:)` would give.
  public func scatterAdding(_ updates: Tensor, at indices: Tensor, axis: Int = 0) -> Tensor {
    checked { () throws(OlympusError) in
      let normalized = try normalizedAxis(axis, rank: rank, "scatterAdding(_:at:axis:)", type)
      try checkIndexRange(indices, size: shape[normalized], "scatterAdding(_:at:axis:)", axis: axis)
      let slotShape = Array(shape[..<normalized]) + indices.shape + shape[(normalized + 1)...]
      guard broadcastShape(updates.shape, slotShape) == slotShape else {
        throw OlympusError(
          "scatterAdding(_:at:axis:)",
          "updates \(updates.type) do not fit \(formatShape(slotShape)) (indices \(indices.type) into \(type))")
      }
      let scattered = bind(
        ScatterAdd(axis: normalized, size: shape[normalized]), indices,
        updates.astype(DType.promoted(dtype, updates.dtype)).broadcast(to: slotShape))
      return self + scattered
    }
  }

  /// Checks the index tensor's type, and its values when they are concrete.
  private func checkIndexRange(_ indices: Tensor, size: Int, _ operation: String, axis: Int) throws(OlympusError) {
    guard indices.dtype.isInteger else {
      throw OlympusError(operation, "indices must be int32 or int64, got \(indices.type)")
    }
    guard indices.isConcrete, indices.elementCount > 0 else { return }
    let values = indices.scalars(as: Int.self)
    if let bad = values.first(where: { $0 < -size || $0 >= size }) {
      throw OlympusError(operation, "index \(bad) is out of range for axis \(axis) of \(type)")
    }
  }
}

/// First index and element count of Python's `start:end:step` on an axis of `size`.
func sliceBounds(_ start: Int?, _ end: Int?, _ step: Int, size: Int) -> (first: Int, count: Int) {
  func resolve(_ bound: Int?, default value: Int, lowest: Int, highest: Int) -> Int {
    guard var bound else { return value }
    if bound < 0 { bound += size }
    return Swift.min(Swift.max(bound, lowest), highest)
  }
  if step > 0 {
    let first = resolve(start, default: 0, lowest: 0, highest: size)
    let last = resolve(end, default: size, lowest: 0, highest: size)
    return (first, Swift.max(0, (last - first + step - 1) / step))
  }
  let first = resolve(start, default: size - 1, lowest: -1, highest: size - 1)
  let last = resolve(end, default: -1, lowest: -1, highest: size - 1)
  return (first, Swift.max(0, (first - last + (-step) - 1) / (-step)))
}

/// One-hot encoding: a trailing axis of `count` entries, 1 at each index and 0 elsewhere
/// (all zeros for an index outside `0..<count`).
public func oneHot(_ indices: Tensor, count: Int, dtype: DType = .float32) -> Tensor {
  guard indices.dtype.isInteger, count >= 0 else {
    return reject(OlympusError("oneHot(_:count:)", "needs integer indices and a non-negative count, got \(indices.type), \(count)"))
  }
  return (indices.expandingDimensions(at: -1) .== Tensor.arange(count, dtype: indices.dtype)).astype(dtype)
}
