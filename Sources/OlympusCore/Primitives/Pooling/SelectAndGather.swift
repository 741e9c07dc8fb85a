import OlympusKernels

/// Max pooling's selection applied to a second operand: for every window of `x`, the element of
/// `values` at the position of the window's maximum of `x` (the first in row-major order at ties,
/// as PyTorch picks; NaN counts as the largest). `x` and `values` share one shape
/// `[planes…, spatial…]`; the result is `[planes…, pooled…]`. `SelectAndGather(x, x)` is max
/// pooling, and its derivatives need no stored indices: the maximum is found again from `x`.
///
/// Piecewise linear in `values` and locally constant in `x`: only `values` carries derivatives.
public struct SelectAndGather: SingleOutputPrimitive {
  /// The windows.
  public var windows: PoolingWindows

  /// Creates the primitive.
  public init(windows: PoolingWindows) { self.windows = windows }

  /// `select_and_gather[…]`.
  public var description: String { "select_and_gather[\(windows)]" }

  /// The pooled shape, of the operands' type.
  public func outputTypes(for inputs: [TensorType]) throws(OlympusError) -> [TensorType] {
    try expectArity(self, inputs, 2)
    guard inputs[0] == inputs[1], inputs[0].dtype.isFloatingPoint else {
      throw OlympusError(description, "expects two floating-point operands of one type, got \(inputs[0]) and \(inputs[1])")
    }
    return [TensorType(shape: try windows.outputShape(inputs[0].shape, description), dtype: inputs[0].dtype)]
  }

  /// Runs the window-maximum gather kernel.
  public func evaluate(_ inputs: [Tensor]) -> [Tensor] {
    let (x, values) = (inputs[0].contiguous(), inputs[1].contiguous())
    let type = try! outputTypes(for: [x.type, values.type])[0]
    let geometry = windows.geometry(input: x.shape, output: type.shape)
    return [
      Tensor.make(type) { output in
        withExtendedLifetime((x, values)) {
          WindowMaximum.gather(x.dtype.scalarType, geometry, x: x.baseAddress, values: values.baseAddress, output: output)
        }
      }
    ]
  }

  /// The tangent of `values` selected the same way.
  public func jvp(primals: [Tensor], tangents: [Tensor?], outputs: [Tensor]) -> [Tensor?] {
    [tangents[1].map { bind(self, primals[0], $0) }]
  }

  /// The cotangent added back at each window's maximum, for `values`; none for `x`.
  public func vjp(primals: [Tensor], outputs: [Tensor], cotangents: [Tensor?]) -> [Tensor?] {
    [nil, cotangents[0].map { bind(SelectAndScatterAdd(windows: windows), primals[0], $0) }]
  }

  /// One selection with the batch as a leading plane axis.
  public func batch(_ inputs: [Tensor], axes: [Int?]) -> (outputs: [Tensor], axes: [Int?]) {
    batchPooling(self, inputs, axes)
  }
}

extension SelectAndGather {
  /// Only `x` (which decides the selection) is read.
  public func vjpReadsInput(_ index: Int) -> Bool { index == 0 }
  /// The rule does not read the output.
  public var vjpReadsOutputs: Bool { false }
}
