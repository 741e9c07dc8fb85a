extension Tensor {
  /// The same elements in row-major order with `shape`; one dimension may be `-1`, inferred from
  /// the element count.
  public func reshaped(to shape: [Int]) -> Tensor {
    if shape == self.shape { return self }
    // A complete shape (no size to infer) of the right element count needs no further checks.
    if isValidShape(shape), shape.reduce(1, *) == elementCount { return bind(Reshape(shape: shape), self) }
    return checked { () throws(OlympusError) in
      var target = shape
      let inferred = shape.indices.filter { shape[$0] == -1 }
      let givenSizes = shape.filter { $0 != -1 }
      guard inferred.count <= 1, isValidShape(givenSizes) else {
        throw OlympusError("reshaped(to:)", "invalid shape \(formatShape(shape)) for \(type)")
      }
      let known = givenSizes.reduce(1, *)
      if let axis = inferred.first {
        guard known > 0, elementCount % known == 0 else {
          throw OlympusError("reshaped(to:)", "cannot reshape \(type) (\(elementCount) elements) to \(formatShape(shape))")
        }
        target[axis] = elementCount / known
      }
      guard target.reduce(1, *) == elementCount else {
        throw OlympusError("reshaped(to:)", "cannot reshape \(type) (\(elementCount) elements) to \(formatShape(shape))")
      }
      return bind(Reshape(shape: target), self)
    }
  }

  /// The elements as a 1-d tensor.
  public func flattened() -> Tensor { reshaped(to: [elementCount]) }

  /// The axes permuted: output axis `i` is axis `permutation[i]` (negative axes count from the
  /// back). With no permutation, the axes are reversed (a matrix transpose).
  public func transposed(_ permutation: [Int]? = nil) -> Tensor {
    checked { () throws(OlympusError) in
      let order = try permutation.map { (axes) throws(OlympusError) -> [Int] in
        var result: [Int] = []
        for axis in axes { result.append(try normalizedAxis(axis, rank: rank, "transposed(_:)", type)) }
        return result
      } ?? Array((0..<rank).reversed())
      guard order.sorted() == Array(0..<rank) else {
        throw OlympusError("transposed(_:)", "\(permutation ?? []) is not a permutation of the axes of \(type)")
      }
      return order == Array(0..<rank) ? self : bind(Transpose(permutation: order), self)
    }
  }

  /// Exchanges two axes.
  public func swappingAxes(_ first: Int, _ second: Int) -> Tensor {
    checked { () throws(OlympusError) in
      let a = try normalizedAxis(first, rank: rank, "swappingAxes(_:_:)", type)
      let b = try normalizedAxis(second, rank: rank, "swappingAxes(_:_:)", type)
      var order = Array(0..<rank)
      order.swapAt(a, b)
      return transposed(order)
    }
  }

  /// Inserts a dimension of size 1 at `axis` of the result (negative counts from the back of the
  /// result, as in NumPy's `expand_dims`).
  public func expandingDimensions(at axis: Int) -> Tensor {
    checked { () throws(OlympusError) in
      let position = try normalizedAxis(axis, rank: rank + 1, "expandingDimensions(at:)", type)
      var shape = self.shape
      shape.insert(1, at: position)
      return reshaped(to: shape)
    }
  }

  /// Removes dimensions of size 1: those in `axes`, or all of them when `nil`.
  public func squeezed(axes: [Int]? = nil) -> Tensor {
    checked { () throws(OlympusError) in
      let removed = try axes.map { (axes) throws(OlympusError) -> [Int] in
        let normalized = try normalizedAxes(axes, rank: rank, "squeezed(axes:)", type)
        guard normalized.allSatisfy({ shape[$0] == 1 }) else {
          throw OlympusError("squeezed(axes:)", "axes \(axes) of \(type) do not all have size 1")
        }
        return normalized
      } ?? shape.indices.filter { shape[$0] == 1 }
      return reshaped(to: removingAxes(removed, from: shape))
    }
  }

  /// The tensor surrounded by `value`: `padding[i] = (before, after)` elements along axis `i`.
  public func padded(_ padding: [(before: Int, after: Int)], value: Double = 0) -> Tensor {
    checked { () throws(OlympusError) in
      guard padding.count == rank, padding.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else {
        throw OlympusError("padded(_:value:)", "needs one non-negative (before, after) pair per axis of \(type)")
      }
      return bind(Pad(low: padding.map(\.before), high: padding.map(\.after), value: value), self)
    }
  }

  /// The elements in reverse order along `axes` (all axes when `nil`).
  public func flipped(axes: [Int]? = nil) -> Tensor {
    checked { () throws(OlympusError) in
      bind(Flip(axes: try normalizedAxes(axes, rank: rank, "flipped(axes:)", type)), self)
    }
  }

  /// Splits into `count` equal parts along `axis`.
  public func split(into count: Int, axis: Int = 0) -> [Tensor] {
    checked(orElse: []) { () throws(OlympusError) in
      let normalized = try normalizedAxis(axis, rank: rank, "split(into:axis:)", type)
      guard count > 0, shape[normalized] % count == 0 else {
        throw OlympusError("split(into:axis:)", "cannot split axis \(axis) of \(type) into \(count) equal parts")
      }
      return split(sizes: Array(repeating: shape[normalized] / count, count: count), axis: normalized)
    }
  }

  /// Splits into parts of the given sizes along `axis`; the sizes add up to the axis's extent.
  /// The parts are views, and their gradient is one concatenation (PyTorch's `split`).
  public func split(sizes: [Int], axis: Int = 0) -> [Tensor] {
    checked(orElse: []) { () throws(OlympusError) in
      let normalized = try normalizedAxis(axis, rank: rank, "split(sizes:axis:)", type)
      guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[normalized] else {
        throw OlympusError("split(sizes:axis:)", "sizes \(sizes) do not add up to axis \(axis) of \(type)")
      }
      guard !sizes.isEmpty else { return [] }
      return bind(Split(sizes: sizes, axis: normalized), [self])
    }
  }
}

/// Joins tensors along an existing axis, promoting them to a common type.
public func concatenated(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
  checked { () throws(OlympusError) in
    guard let first = tensors.first else {
      throw OlympusError("concatenated(_:axis:)", "needs at least one tensor")
    }
    let dtype = tensors.dropFirst().reduce(first.dtype) { DType.promoted($0, $1.dtype) }
    let normalized = try normalizedAxis(axis, rank: first.rank, "concatenated(_:axis:)", first.type)
    for tensor in tensors {
      let agrees =
        tensor.rank == first.rank
        && tensor.shape.indices.allSatisfy { $0 == normalized || tensor.shape[$0] == first.shape[$0] }
      guard agrees else {
        throw OlympusError(
          "concatenated(_:axis:)",
          "cannot join \(tensors.map { formatShape($0.shape) }.joined(separator: ", ")) along axis \(axis)")
      }
    }
    return tensors.count == 1 ? first.astype(dtype) : bind(Concatenate(axis: normalized), tensors.map { $0.astype(dtype) })[0]
  }
}

/// Joins tensors of one shape along a new axis.
public func stacked(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
  checked { () throws(OlympusError) in
    guard let first = tensors.first else { throw OlympusError("stacked(_:axis:)", "needs at least one tensor") }
    guard tensors.allSatisfy({ $0.shape == first.shape }) else {
      throw OlympusError(
        "stacked(_:axis:)", "shapes differ: \(tensors.map { formatShape($0.shape) }.joined(separator: ", "))")
    }
    let position = try normalizedAxis(axis, rank: first.rank + 1, "stacked(_:axis:)", first.type)
    return concatenated(tensors.map { $0.expandingDimensions(at: position) }, axis: position)
  }
}
