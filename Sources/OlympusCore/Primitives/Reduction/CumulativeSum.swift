import OlympusKernels

/// Inclusive running sum along one axis, keeping the shape.
public struct CumulativeSum: SingleOutputPrimitive {
  /// The axis summed along.
  public var axis: Int

  /// Creates the primitive summing along `axis`.
  public init(axis: Int) { self.axis = axis }

  /// `cumsum[axis]`.
  public var description: String { "cumsum[\(axis)]" }

  /// The input's type, for a numeric input.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    try validateAxes([axis], rank: inputs[0].rank, in: self, type: inputs[0])
    guard inputs[0].dtype != .bool else {
      throw OlympusError(description, "expects a numeric tensor, got \(inputs[0])")
    }
    return [inputs[0]]
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0].contiguous()
    let outer = x.shape[..<axis].reduce(1, *)
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    return [
      Tensor.make(x.type) { output in
        withExtendedLifetime(x) {
          Reduction.cumulativeSum(
            x.dtype.scalarType, input: x.baseAddress, outer: outer, count: x.shape[axis], inner: inner, output: output)
        }
      }
    ]
  }

  /// The running sum of the tangent.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[0].map { bind(self, $0) }]
  }

  /// The running sum of the cotangent from the far end.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [cotangents[0].map { bind(Flip(axes: [axis]), bind(self, bind(Flip(axes: [axis]), $0))) }]
  }

  /// The same running sum with the batch axis first.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchShiftingAxes(inputs, axes) { shift in CumulativeSum(axis: shift(axis)) }
  }
}

extension CumulativeSum {
  /// The rule reads only shapes.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
