import OlympusKernels

/// The transpose of `Take`: a zero tensor with `size` entries along `axis`, to which each slice
/// of `updates` is added at its index; repeated indices accumulate.
///
/// Inputs: integer `indices` and `updates` of shape
/// `prefix + indices.shape + suffix`; output `prefix + [size] + suffix`. Negative indices count from
/// the end; out-of-range indices are clamped (`scatterAdd` rejects them first when concrete).
public struct ScatterAdd: SingleOutputPrimitive {
  /// The axis scattered along.
  public var axis: Int
  /// The output's extent along `axis`.
  public var size: Int

  /// Creates the primitive scattering along `axis` into `size` entries.
  public init(axis: Int, size: Int) {
    self.axis = axis
    self.size = size
  }

  /// `scatter_add[axis; size]`.
  public var description: String { "scatter_add[\(axis); \(size)]" }

  /// `updates`' type with the index dimensions replaced by `size`.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (indices, updates) = (inputs[0], inputs[1])
    try validateIndexTensor(indices, in: self)
    let suffixStart = axis + indices.rank
    guard axis >= 0, size >= 0, suffixStart <= updates.rank,
      Array(updates.shape[axis..<suffixStart]) == indices.shape, updates.dtype != .bool
    else {
      throw OlympusError(description, "updates \(updates) do not fit indices \(indices) at axis \(axis)")
    }
    guard size > 0 || indices.elementCount == 0 else {
      throw OlympusError(description, "cannot scatter \(indices.elementCount) slices into an empty axis")
    }
    return [TensorType(shape: Array(updates.shape[..<axis]) + [size] + updates.shape[suffixStart...], dtype: updates.dtype)]
  }

  /// Zero-fills the output and runs the scatter kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let updates = inputs[1].contiguous()
    let indices = normalizedIndices(inputs[0], axisSize: size)
    let suffix = updates.shape[(axis + inputs[0].rank)...]
    let outputType = TensorType(shape: Array(updates.shape[..<axis]) + [size] + suffix, dtype: updates.dtype)
    return [
      Tensor.make(outputType) { output in
        output.initializeMemory(as: UInt8.self, repeating: 0, count: outputType.elementCount * updates.dtype.byteCount)
        withExtendedLifetime(updates) {
          indices.withUnsafeBufferPointer { indexBuffer in
            guard let indexBase = indexBuffer.baseAddress else { return }
            Indexing.scatterAdd(
              updates.dtype.scalarType, updates: updates.baseAddress, outer: updates.shape[..<axis].reduce(1, *),
              indexCount: indices.count, inner: suffix.reduce(1, *), indices: indexBase, axisSize: size, output: output)
          }
        }
      }
    ]
  }

  /// The tangent of the updates scattered the same way.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[1].map { bind(self, primals[0], $0) }]
  }

  /// None to the indices; the cotangent gathered at the indices to the updates.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [nil, cotangents[0].map { bind(Take(axis: axis), $0, primals[0]) }]
  }

  /// One scatter for the whole batch. Batched updates with shared indices scatter one axis
  /// further; batched indices fold the batch into the scattered axis, each example's indices offset
  /// into its own block of `size` entries.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    let (indices, updates) = (inputs[0], inputs[1])
    let size = batchSize(inputs, axes)
    guard let indexAxis = axes[0] else {
      return ([bind(ScatterAdd(axis: axis + 1, size: self.size), indices, movingAxis(updates, from: axes[1]!, to: 0))], [0])
    }
    let batchedUpdates = movingAxis(batchFirst(updates, axis: axes[1], size: size), from: 0, to: axis)
    let batchedIndices = movingAxis(indices, from: indexAxis, to: 0).astype(.int64)
    // Per-example wrapping and clamping, as the primitive does, before the blocks are offset.
    let wrapped = clip(
      select(batchedIndices .< 0, batchedIndices + Double(self.size), batchedIndices), min: 0,
      max: Double(Swift.max(self.size - 1, 0)))
    let offsets = (Tensor.arange(size) * Double(self.size)).reshaped(to: [size] + Array(repeating: 1, count: indices.rank - 1))
    let scattered = bind(ScatterAdd(axis: axis, size: size * self.size), wrapped + offsets, batchedUpdates)
    var shape = scattered.shape
    shape.replaceSubrange(axis...axis, with: [size, self.size])
    return ([bind(Reshape(shape: shape), scattered)], [axis])
  }
}

extension ScatterAdd {
  /// Only the indices are read.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 0 }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
