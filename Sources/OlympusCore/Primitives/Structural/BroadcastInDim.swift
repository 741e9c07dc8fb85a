/// Broadcasts to `shape`: input axis `i` becomes output axis `dimensions[i]` (its size equal to
/// the output's or 1); the other output axes repeat the input.
public struct BroadcastInDim: SingleOutputPrimitive {
  /// The output shape.
  public var shape: [Int]
  /// The output axis of each input axis, increasing.
  public var dimensions: [Int]

  /// Creates the primitive broadcasting to `shape` with input axes placed at `dimensions`.
  public init(shape: [Int], dimensions: [Int]) {
    self.shape = shape
    self.dimensions = dimensions
  }

  /// `broadcast[2,3; 1]`.
  public var description: String {
    "broadcast\(formatShape(shape))" + "; dims \(formatShape(dimensions))"
  }

  /// `shape` with the input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    guard accepts(inputs[0].shape) else {
      throw OlympusError(description, "cannot broadcast \(inputs[0]) to \(formatShape(shape))")
    }
    return [TensorType(shape: shape, dtype: inputs[0].dtype)]
  }

  /// Whether an input of `inputShape` broadcasts: one increasing output axis per input axis, each
  /// input size 1 or the output's.
  func accepts(_ inputShape: [Int]) -> Bool {
    guard dimensions.count == inputShape.count else { return false }
    var previous = -1
    for (inputAxis, outputAxis) in dimensions.enumerated() {
      guard previous < outputAxis, outputAxis < shape.count else { return false }
      guard inputShape[inputAxis] == 1 || inputShape[inputAxis] == shape[outputAxis] else { return false }
      previous = outputAxis
    }
    return isValidShape(shape)
  }

  /// A view with zero strides on repeated axes.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] { [view(of: inputs[0])] }

  /// The view for an input that broadcasts (`bind`'s eager path).
  public func evaluate(checking x: Tensor) -> Tensor? { accepts(x.shape) ? view(of: x) : nil }

  /// `x` read with zero strides on the repeated axes.
  private func view(of x: Tensor) -> Tensor {
    let handle = x.handle
    var strides = [Int](repeating: 0, count: shape.count)
    for (inputAxis, outputAxis) in dimensions.enumerated() where handle.shape[inputAxis] == shape[outputAxis] {
      strides[outputAxis] = handle.strides[inputAxis]
    }
    return x.view(shape: shape, offset: handle.offset, strides: strides)
  }

  /// The same map applied to the tangent (the primitive is linear).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0) }]
  }

  /// The cotangent summed over the repeated axes, in the input's shape.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard let cotangent = cotangents[0] else { return [nil] }
    let input = primals[0].shape
    let repeated = shape.indices.filter { axis in
      guard let inputAxis = dimensions.firstIndex(of: axis) else { return true }
      return input[inputAxis] != shape[axis]
    }
    let summed = repeated.isEmpty ? cotangent : bind(ReduceSum(axes: repeated), cotangent)
    return [bind(Reshape(shape: input), summed)]
  }

  /// The batch axis first, kept through the broadcast.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let x = batchFirst(inputs[0], axis: axes[0], size: batchSize(inputs, axes))
    let size = x.shape[0]
    return ([bind(BroadcastInDim(shape: [size] + shape, dimensions: [0] + dimensions.map { $0 + 1 }), x)], [0])
  }
}

extension BroadcastInDim {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
