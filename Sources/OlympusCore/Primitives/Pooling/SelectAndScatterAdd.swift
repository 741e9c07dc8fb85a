import OlympusKernels

/// The transpose of ``SelectAndGather``: `values` (`[planes…, pooled…]`) added at the position of
/// each window's maximum of `x` (`[planes…, spatial…]`, the first at ties), zero elsewhere; the
/// result has `x`'s shape. Max pooling's backward pass without stored indices.
///
/// Linear in `values` and locally constant in `x`: only `values` carries derivatives.
public struct SelectAndScatterAdd: SingleOutputPrimitive {
  /// The windows.
  public var windows: PoolingWindows

  /// Creates the primitive.
  public init(windows: PoolingWindows) { self.windows = windows }

  /// `select_and_scatter_add[…]`.
  public var description: String { "select_and_scatter_add[\(windows)]" }

  /// `x`'s type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    let (x, values) = (inputs[0], inputs[1])
    guard x.dtype.isFloatingPoint, values.dtype == x.dtype,
      values.shape == (try windows.outputShape(x.shape, description))
    else {
      throw OlympusError(description, "expects x and values of one floating type with values pooled from x, got \(x) and \(values)")
    }
    return [x]
  }

  /// Runs the window-maximum scatter kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (x, values) = (inputs[0].contiguous(), inputs[1].contiguous())
    let geometry = windows.geometry(input: x.shape, output: values.shape)
    return [
      Tensor.make(x.type) { output in
        withExtendedLifetime((x, values)) {
          WindowMaximum.scatterAdd(
            x.dtype.scalarType, geometry, x: x.baseAddress, values: values.baseAddress, output: output)
        }
      }
    ]
  }

  /// The tangent of `values` scattered the same way.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[1].map { bind(self, primals[0], $0) }]
  }

  /// The cotangent gathered at each window's maximum, for `values`; none for `x`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [nil, cotangents[0].map { bind(SelectAndGather(windows: windows), primals[0], $0) }]
  }

  /// One scatter with the batch as a leading plane axis.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchPooling(self, inputs, axes)
  }
}

extension SelectAndScatterAdd {
  /// Only `x` (which decides where values go) is read.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 0 }
  /// The rule does not read the output.
  public var vjpReadsOutputs: Bool { false }
}
