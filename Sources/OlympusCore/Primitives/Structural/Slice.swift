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

  /// The same map applied to the tangent (the primitive is linear).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0) }]
  }

  /// The cotangent placed back where the slice came from, zeros elsewhere: scattered along
  /// strided axes, padded along the others.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard var gradient = cotangents[0] else { return [nil] }
    let input = primals[0].shape
    let counts = sliceShape()
    var low = start
    var high = input.indices.map { input[$0] - start[$0] - (counts[$0] == 0 ? 0 : (counts[$0] - 1) * strides[$0] + 1) }
    for axis in input.indices where strides[axis] > 1 {
      let positions = Tensor((0..<counts[axis]).map { start[axis] + $0 * strides[axis] })
      gradient = bind(ScatterAdd(axis: axis, size: input[axis]), positions, gradient)
      low[axis] = 0
      high[axis] = 0
    }
    return [bind(Pad(low: low, high: high, value: 0), gradient)]
  }

  /// The batch axis first and taken whole.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let x = batchFirst(inputs[0], axis: axes[0], size: batchSize(inputs, axes))
    let size = x.shape[0]
    return ([bind(Slice(start: [0] + start, limit: [size] + limit, strides: [1] + strides), x)], [0])
  }
}

extension Slice {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
