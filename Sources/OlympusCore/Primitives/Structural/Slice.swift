/// The elements `start[i] ..< limit[i]` stepping by `strides[i]` (positive) along every axis.
public struct Slice: SingleOutputPrimitive {
  /// First index per axis.
  public var start: [Int]
  /// End index (exclusive) per axis.
  public var limit: [Int]
  /// Step per axis, positive.
  public var strides: [Int]

  /// Creates the primitive.
  public init(start: [Int], limit: [Int], strides: [Int]) {
    self.start = start
    self.limit = limit
    self.strides = strides
  }

  /// `slice[start; limit; strides]`.
  public var description: String {
    "slice[\(formatShape(start)); \(formatShape(limit)); \(formatShape(strides))]"
  }

  /// The sliced shape.
  func sliceShape() -> [Int] {
    zip(zip(start, limit), strides).map { bounds, step in Swift.max(0, (bounds.1 - bounds.0 + step - 1) / step) }
  }

  /// The sliced shape with the input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    let valid =
      start.count == x.rank && limit.count == x.rank && strides.count == x.rank
      && x.shape.indices.allSatisfy { axis in
        0 <= start[axis] && start[axis] <= limit[axis] && limit[axis] <= x.shape[axis] && strides[axis] > 0
      }
    guard valid else { throw OlympusError(description, "does not fit \(x)") }
    return [TensorType(shape: sliceShape(), dtype: x.dtype)]
  }

  /// A view.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    let layout = x.dense
    let offset = layout.offset + zip(start, layout.strides).reduce(0) { $0 + $1.0 * $1.1 }
    return [x.view(shape: sliceShape(), offset: offset, strides: zip(layout.strides, strides).map { $0 * $1 })]
  }
}
