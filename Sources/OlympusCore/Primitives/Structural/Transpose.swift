/// Permutes the axes: output axis `i` is input axis `permutation[i]`.
public struct Transpose: SingleOutputPrimitive {
  /// Where each output axis comes from.
  public var permutation: [Int]

  /// Creates the primitive with `permutation`.
  public init(permutation: [Int]) { self.permutation = permutation }

  /// `transpose[1,0]`.
  public var description: String { "transpose\(formatShape(permutation))" }

  /// The permuted shape.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    guard permutation.count == x.rank, permutation.sorted() == Array(0..<x.rank) else {
      throw OlympusError(description, "\(formatShape(permutation)) is not a permutation of the axes of \(x)")
    }
    return [TensorType(shape: permutation.map { x.shape[$0] }, dtype: x.dtype)]
  }

  /// A view with permuted strides.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    let layout = x.dense
    return [
      x.view(
        shape: permutation.map { x.shape[$0] }, offset: layout.offset, strides: permutation.map { layout.strides[$0] })
    ]
  }

  /// The same map applied to the tangent (the primitive is linear).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0) }]
  }

  /// The cotangent with the inverse permutation.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    var inverse = permutation
    for (position, axis) in permutation.enumerated() { inverse[axis] = position }
    return [cotangents[0].map { bind(Transpose(permutation: inverse), $0) }]
  }

  /// The batch axis first, the others permuted behind it.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let x = batchFirst(inputs[0], axis: axes[0], size: batchSize(inputs, axes))
        return ([bind(Transpose(permutation: [0] + permutation.map { $0 + 1 }), x)], [0])
  }
}

extension Transpose {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
