/// Surrounds a tensor with a constant: `low[i]` elements before and `high[i]` after along axis `i`.
public struct Pad: SingleOutputPrimitive {
  /// Elements added before, per axis (non-negative).
  public var low: [Int]
  /// Elements added after, per axis (non-negative).
  public var high: [Int]
  /// The value added, converted to the tensor's type.
  public var value: Double

  /// Creates the primitive.
  public init(low: [Int], high: [Int], value: Double) {
    self.low = low
    self.high = high
    self.value = value
  }

  /// `pad[low; high; value]`.
  public var description: String { "pad[\(formatShape(low)); \(formatShape(high)); \(value)]" }

  /// The padded shape.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    guard low.count == x.rank, high.count == x.rank, (low + high).allSatisfy({ $0 >= 0 }) else {
      throw OlympusError(description, "does not fit \(x): one non-negative amount per axis before and after")
    }
    return [TensorType(shape: x.shape.indices.map { x.shape[$0] + low[$0] + high[$0] }, dtype: x.dtype)]
  }

  /// Joins constant blocks around the input, axis by axis.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    var result = inputs[0]
    for axis in result.shape.indices where low[axis] > 0 || high[axis] > 0 {
      func block(_ amount: Int) -> Tensor {
        var shape = result.shape
        shape[axis] = amount
        return Tensor.full(shape, value: value, dtype: result.dtype).contiguous()
      }
      var parts: [Tensor] = []
      if low[axis] > 0 { parts.append(block(low[axis])) }
      parts.append(result)
      if high[axis] > 0 { parts.append(block(high[axis])) }
      result = Concatenate(axis: axis).evaluate(parts)[0]
    }
    return [result]
  }

  /// The tangent padded with zeros (the padding value is a constant).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(Pad(low: low, high: high, value: 0), $0) }]
  }

  /// The cotangent of the original region.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    let input = primals[0].shape
    return [
      cotangents[0].map {
        bind(
          Slice(start: low, limit: input.indices.map { low[$0] + input[$0] }, strides: input.map { _ in 1 }), $0)
      }
    ]
  }

  /// The batch axis first and not padded.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let x = batchFirst(inputs[0], axis: axes[0], size: batchSize(inputs, axes))
        return ([bind(Pad(low: [0] + low, high: [0] + high, value: value), x)], [0])
  }
}

extension Pad {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
