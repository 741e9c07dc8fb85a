import OlympusKernels

/// Indices (`int64`) that sort a tensor ascending along its last axis; stable, NaNs last.
public struct ArgSort: SingleOutputPrimitive {
  /// Creates the primitive.
  public init() {}

  /// `argsort`.
  public var description: String { "argsort" }

  /// `int64` of the input's shape.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    guard inputs[0].rank >= 1 else { throw OlympusError(description, "expects at least one axis, got \(inputs[0])") }
    return [TensorType(shape: inputs[0].shape, dtype: .int64)]
  }

  /// Sorts each row.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0].contiguous()
    let count = x.shape.last!
    return [
      Tensor.make(TensorType(shape: x.shape, dtype: .int64)) { output in
        withExtendedLifetime(x) {
          Sorting.argSort(
            x.dtype.scalarType, input: x.baseAddress, outer: count == 0 ? 0 : x.elementCount / count, count: count,
            output: output.assumingMemoryBound(to: Int64.self))
        }
      }
    ]
  }

  /// None: the result is an index.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] { [nil] }

  /// None: the result is an index.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] { primals.map { _ in nil } }

  /// Sorting the last axis, the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { shift in ArgSort() }
  }
}
