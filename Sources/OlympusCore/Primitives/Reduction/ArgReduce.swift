import OlympusKernels

/// Index of the first maximum (`ArgMax`) or minimum (`ArgMin`) along one axis, as `int64`,
/// removing that axis. A NaN counts as the extreme, as in NumPy.
public struct ArgReduce: SingleOutputPrimitive {
  /// Whether the maximum (rather than the minimum) is located.
  public var findsMaximum: Bool
  /// The axis searched and removed.
  public var axis: Int

  /// Creates the primitive locating the maximum (or minimum) along `axis`.
  public init(maximum: Bool, axis: Int) {
    self.findsMaximum = maximum
    self.axis = axis
  }

  /// `argmax[axis]` or `argmin[axis]`.
  public var description: String { (findsMaximum ? "argmax" : "argmin") + "[\(axis)]" }

  /// `int64` of the input's shape without `axis`.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    let x = inputs[0]
    try validateAxes([axis], rank: x.rank, in: self, type: x)
    guard x.shape[axis] > 0 else {
      throw OlympusError(description, "cannot search an empty axis \(axis) of \(x)")
    }
    return [TensorType(shape: removingAxes([axis], from: x.shape), dtype: .int64)]
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    let layout = ReductionLayout(x, axes: [axis])
    return [
      Tensor.make(TensorType(shape: removingAxes([axis], from: x.shape), dtype: .int64)) { output in
        withExtendedLifetime(layout.input) {
          Reduction.argReduce(
            maximum: findsMaximum, x.dtype.scalarType, input: layout.input.baseAddress, outer: layout.outer,
            count: layout.count, inner: layout.inner, output: output.assumingMemoryBound(to: Int64.self))
        }
      }
    ]
  }

  /// None: the result is an index.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] { [nil] }

  /// None: the result is an index.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] { [nil] }

  /// The same search with the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { shift in ArgReduce(maximum: findsMaximum, axis: shift(axis)) }
  }
}
