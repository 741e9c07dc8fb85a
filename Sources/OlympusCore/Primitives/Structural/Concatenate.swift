import OlympusKernels

/// Joins tensors of one type along an existing axis; their other dimensions agree.
public struct Concatenate: SingleOutputPrimitive {
  /// The axis joined along.
  public var axis: Int

  /// Creates the primitive joining along `axis`.
  public init(axis: Int) { self.axis = axis }

  /// `concatenate[axis]`.
  public var description: String { "concatenate[\(axis)]" }

  /// The joined shape.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    guard let first = inputs.first else { throw OlympusError(description, "needs at least one tensor") }
    guard 0 <= axis, axis < first.rank else {
      throw OlympusError(description, "axis \(axis) is out of range for \(first)")
    }
    for input in inputs.dropFirst() {
      let agrees =
        input.dtype == first.dtype && input.rank == first.rank
        && input.shape.indices.allSatisfy { $0 == axis || input.shape[$0] == first.shape[$0] }
      guard agrees else {
        throw OlympusError(
          description, "cannot join \(inputs.map(\.description).joined(separator: ", ")) along axis \(axis)")
      }
    }
    var shape = first.shape
    shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis] }
    return [TensorType(shape: shape, dtype: first.dtype)]
  }

  /// Copies each input's rows into place.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let parts = inputs.map { $0.contiguous() }
    var shape = parts[0].shape
    shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
    let outer = shape[..<axis].reduce(1, *)
    let rowBytes = shape[(axis + 1)...].reduce(1, *) * parts[0].dtype.byteCount
    let outputRow = shape[axis] * rowBytes
    return [
      Tensor.make(TensorType(shape: shape, dtype: parts[0].dtype)) { output in
        var start = 0
        for part in parts {
          let partRow = part.shape[axis] * rowBytes
          withExtendedLifetime(part) {
            for row in 0..<outer where partRow > 0 {
              (output + row * outputRow + start).copyMemory(from: part.baseAddress + row * partRow, byteCount: partRow)
            }
          }
          start += partRow
        }
      }
    ]
  }

  /// The tangents joined, zeros standing in for symbolic ones.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [bind(self, zip(tangents, primals).map { tangentOrZero($0, like: $1) })[0]]
  }

  /// The cotangent cut into the inputs' pieces.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return primals.map { _ in nil } }
    var offset = 0
    return primals.map { part in
      var start = [Int](repeating: 0, count: part.rank)
      var limit = cotangent.shape
      start[axis] = offset
      limit[axis] = offset + part.shape[axis]
      offset += part.shape[axis]
      return bind(Slice(start: start, limit: limit, strides: [Int](repeating: 1, count: part.rank)), cotangent)
    }
  }

  /// Every input with its batch axis first, joined one axis further.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    (bind(Concatenate(axis: axis + 1), batchAllFirst(inputs, axes)), [0])
  }
}

extension Concatenate {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
