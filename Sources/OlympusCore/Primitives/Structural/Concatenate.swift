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
}
