import OlympusKernels

/// Elementwise conversion to another element type.
///
/// Floats become integers by truncation toward zero (NaN gives 0, out-of-range values saturate);
/// anything becomes `bool` as `x != 0`; `bool` becomes 0 or 1.
public struct Convert: SingleOutputPrimitive {
  /// The type converted to.
  public var dtype: DType

  /// Creates the primitive converting to `dtype`.
  public init(to dtype: DType) { self.dtype = dtype }

  /// `convert[float32]` style.
  public var description: String { "convert[\(dtype)]" }

  /// The input's shape with the new type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 1)
    return [TensorType(shape: inputs[0].shape, dtype: dtype)]
  }

  /// Runs the kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let x = inputs[0]
    return [
      Tensor.make(TensorType(shape: x.shape, dtype: dtype), like: x) { output in
        withExtendedLifetime(x) {
          Elementwise.cast(
            from: x.dtype.scalarType, to: dtype.scalarType, shape: x.shape, input: x.stridedView, output: output)
        }
      }
    ]
  }

  /// The tangent converted, between floating-point types; none otherwise.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    guard dtype.isFloatingPoint, primals[0].dtype.isFloatingPoint, let tangent = tangents[0] else { return [nil] }
    return [tangent.astype(dtype)]
  }

  /// The cotangent converted back, between floating-point types; none otherwise.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    guard dtype.isFloatingPoint, primals[0].dtype.isFloatingPoint, let cotangent = cotangents[0] else { return [nil] }
    return [cotangent.astype(primals[0].dtype)]
  }

  /// Applied once to inputs aligned on one batch axis.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchElementwise(self, inputs, axes)
  }
}

extension Convert {
  /// The rule reads no values.
  public func vjpReadsInput(_ index: Int) -> Bool { false }
  /// The rule does not read the outputs.
  public var vjpReadsOutputs: Bool { false }
}
