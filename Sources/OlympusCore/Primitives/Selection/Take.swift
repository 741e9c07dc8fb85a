import OlympusKernels

/// Gathers slices along one axis by integer indices (NumPy's `take`):
/// `output[..., j..., ...] = x[..., indices[j...], ...]`, the index tensor's shape replacing `axis`.
///
/// Negative indices count from the end; out-of-range indices are clamped, as in JAX (`take`
/// rejects them first when the indices are concrete).
public struct Take: SingleOutputPrimitive {
  /// The axis indexed.
  public var axis: Int

  /// Creates the primitive indexing along `axis`.
  public init(axis: Int) { self.axis = axis }

  /// `take[axis]`.
  public var description: String { "take[\(axis)]" }

  /// `x.shape[..<axis] + indices.shape + x.shape[(axis + 1)...]`, of `x`'s type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (x, indices) = (inputs[0], inputs[1])
    guard 0 <= axis, axis < x.rank else { throw OlympusError(description, "axis \(axis) is out of range for \(x)") }
    try validateIndexTensor(indices, in: self)
    guard x.shape[axis] > 0 || indices.elementCount == 0 else {
      throw OlympusError(description, "cannot index the empty axis \(axis) of \(x)")
    }
    return [TensorType(shape: Array(x.shape[..<axis]) + indices.shape + x.shape[(axis + 1)...], dtype: x.dtype)]
  }

  /// Runs the gather kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0].contiguous()
    let indices = normalizedIndices(inputs[1], axisSize: x.shape[axis])
    let outputShape = Array(x.shape[..<axis]) + inputs[1].shape + x.shape[(axis + 1)...]
    return [
      Tensor.make(TensorType(shape: outputShape, dtype: x.dtype)) { output in
        withExtendedLifetime(x) {
          indices.withUnsafeBufferPointer { indexBuffer in
            Indexing.gather(
              x.dtype.scalarType, input: x.baseAddress, outer: x.shape[..<axis].reduce(1, *), axisSize: x.shape[axis],
              inner: x.shape[(axis + 1)...].reduce(1, *), indices: indexBuffer.baseAddress!, indexCount: indices.count,
              output: output)
          }
        }
      }
    ]
  }

  /// The tangent gathered the same way.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0, primals[1]) }]
  }

  /// The cotangent scattered back (added at repeated indices); none to the indices.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0].map { bind(ScatterAdd(axis: axis, size: primals[0].shape[axis]), primals[1], $0) }, nil]
  }

  /// One gather for the whole batch. A batched tensor gathers one axis further; batched indices
  /// put the batch inside the index dimensions; when both are batched, the batch is folded into
  /// the indexed axis and each example's indices are offset into its own block.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let (x, indices) = (inputs[0], inputs[1])
    switch (axes[0], axes[1]) {
    case (let xAxis?, nil):
      return ([bind(Take(axis: axis + 1), movingAxis(x, from: xAxis, to: 0), indices)], [0])
    case (nil, let indexAxis?):
      return ([bind(self, x, indices)], [axis + indexAxis])
    default:
      let size = batchSize(inputs, axes)
      let stacked = movingAxis(movingAxis(x, from: axes[0]!, to: 0), from: axis + 1, to: 1)
      let extent = stacked.shape[1]
      let rest = Array(stacked.shape.dropFirst(2))
      let flat = bind(Reshape(shape: [size * extent] + rest), stacked)
      let batchedIndices = movingAxis(indices, from: axes[1]!, to: 0).astype(.int64)
      // Per-example wrapping and clamping, as the primitive does, before the blocks are offset.
      let wrapped = clip(select(batchedIndices .< 0, batchedIndices + Double(extent), batchedIndices), min: 0, max: Double(Swift.max(extent - 1, 0)))
      let offsets = (Tensor.arange(size) * Double(extent)).reshaped(to: [size] + Array(repeating: 1, count: indices.rank - 1))
      let gathered = bind(Take(axis: 0), flat, wrapped + offsets)  // [B, k…, pre…, post…]
      let indexRank = indices.rank - 1
      let order =
        [0] + Array((indexRank + 1)..<(indexRank + 1 + axis)) + Array(1..<(indexRank + 1))
        + Array((indexRank + 1 + axis)..<gathered.rank)
      return ([bind(Transpose(permutation: order), gathered)], [0])
    }
  }
}

extension Take {
  /// Only the indices are read.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 1 }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
