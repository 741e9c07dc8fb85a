import OlympusKernels

/// The same elements in row-major order with another shape of equal element count.
public struct Reshape: SingleOutputPrimitive {
  /// The new shape.
  public var shape: [Int]

  /// Creates the primitive giving `shape`.
  public init(shape: [Int]) { self.shape = shape }

  /// `reshape[2,3]`.
  public var description: String { "reshape\(formatShape(shape))" }

  /// The new shape with the input's type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    guard accepts(x.elementCount) else {
      throw OlympusError(description, "cannot reshape \(x) (\(x.elementCount) elements) to \(formatShape(shape))")
    }
    return [TensorType(shape: shape, dtype: x.dtype)]
  }

  /// Whether an input of `elementCount` elements takes the shape.
  func accepts(_ elementCount: Int) -> Bool {
    isValidShape(shape) && shape.reduce(1, *) == elementCount
  }

  /// A view of contiguous input, else a contiguous copy.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] { [evaluate(inputs[0])] }

  /// The view or copy for an input of the right element count (`bind`'s eager path).
  public func evaluate(checking x: Tensor) -> Tensor? { accepts(x.elementCount) ? evaluate(x) : nil }

  /// Runs on a concrete operand of the right element count.
  func evaluate(_ input: Tensor) -> Tensor {
    let x = input.contiguous()
    return x.view(shape: shape, offset: x.handle.offset, strides: OlympusKernels.contiguousStrides(for: shape))
  }

  /// The same map applied to the tangent (the primitive is linear).
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0) }]
  }

  /// The cotangent in the input's shape.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0].map { bind(Reshape(shape: primals[0].shape), $0) }]
  }

  /// The batch axis first, reshaped behind it.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let x = batchFirst(inputs[0], axis: axes[0], size: batchSize(inputs, axes))
    let size = x.shape[0]
    return ([bind(Reshape(shape: [size] + shape), x)], [0])
  }
}

extension Reshape {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
