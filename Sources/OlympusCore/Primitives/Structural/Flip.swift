/// Reverses the order of elements along `axes`.
public struct Flip: SingleOutputPrimitive {
  /// The axes reversed, sorted and distinct.
  public var axes: [Int]

  /// Creates the primitive reversing `axes` (sorted and distinct).
  public init(axes: [Int]) { self.axes = axes }

  /// `flip[axes]`.
  public var description: String { "flip\(formatShape(axes))" }

  /// The input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    guard axes.allSatisfy({ 0 <= $0 && $0 < inputs[0].rank }), zip(axes, axes.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw OlympusError(description, "axes \(axes) are not distinct sorted axes of \(inputs[0])")
    }
    return [inputs[0]]
  }

  /// A view with negated strides.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    let layout = x.dense
    var strides = layout.strides
    var offset = layout.offset
    for axis in axes where x.shape[axis] > 0 {
      offset += (x.shape[axis] - 1) * strides[axis]
      strides[axis] = -strides[axis]
    }
    return [x.view(shape: x.shape, offset: offset, strides: strides)]
  }

  /// The same map applied to the tangent (the primitive is linear).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0) }]
  }

  /// The cotangent flipped back.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0].map { bind(self, $0) }]
  }

  /// The same flip with the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { shift in Flip(axes: self.axes.map(shift)) }
  }
}

extension Flip {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
